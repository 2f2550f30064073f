/**
 * Runs in Chromium, one page per party: a MeshCall (the product's P2P call) with or without the
 * E2EE layer, signals relayed between the two pages over a BroadcastChannel as the server would
 * relay them. Bundled by bench/e2ee-cpu.ts; the worker is the product's SFrame worker, or for the
 * floor a pass-through worker behind the same E2eeSession (same key exchange, same transforms).
 */
import type { SignalData } from '@samtale/protocol';
import { E2eeSession, LocalMedia, MeshCall } from '@samtale/client-core';

/** No encoded transform; frames through a worker unchanged; frames through our SFrame worker. */
export type BenchCallMode = 'none' | 'passthrough' | 'e2ee';

export interface BenchCall {
  /** Creates this page's party; signals that arrive before `connect` are kept. */
  prepare(selfId: string, peerId: string, mode: BenchCallMode): Promise<void>;
  /** Starts negotiation with the peer. */
  connect(): void;
  /** Video frames decoded from the peer so far. */
  framesDecoded(): Promise<number>;
  /** 'active' once both keys are in place (also in 'passthrough'); 'off' in 'none'. */
  e2eeStatus(): string;
  close(): void;
}

declare global {
  interface Window {
    benchCall: BenchCall;
  }
}

const CALL_ID = 'c0000000-0000-4000-8000-0000000bench';
interface Relayed {
  from: string;
  to: string;
  data: SignalData;
}

const channel = new BroadcastChannel('samtale-bench-call');
let party: { selfId: string; peerId: string; call: MeshCall; e2ee: E2eeSession | null; media: LocalMedia } | null =
  null;
const early: Relayed[] = [];

function deliver({ from, data }: Relayed): void {
  if (party === null) return;
  if (data.kind === 'e2eeIdentity' || data.kind === 'e2eeSenderKey' || data.kind === 'e2eeStatus')
    party.e2ee?.handleSignal(from, data);
  else party.call.handleSignal(from, data);
}

channel.onmessage = (event: MessageEvent<Relayed>) => {
  if (party === null) early.push(event.data);
  else if (event.data.to === party.selfId) deliver(event.data);
};

window.benchCall = {
  async prepare(selfId, peerId, mode) {
    const sendSignal = (to: string, data: SignalData): void => channel.postMessage({ from: selfId, to, data });
    const workerUrl = mode === 'e2ee' ? '/e2ee-worker.js' : '/passthrough-worker.js';
    const e2ee =
      mode === 'none'
        ? null
        : new E2eeSession({
            callId: CALL_ID,
            selfId,
            sendSignal,
            createWorker: () => new Worker(workerUrl, { type: 'module' }),
          });
    await e2ee?.start();
    const media = await LocalMedia.open({});
    const call = new MeshCall({
      selfId,
      iceServers: [],
      localMedia: media,
      sendSignal,
      ...(e2ee === null ? {} : { e2ee }),
    });
    party = { selfId, peerId, call, e2ee, media };
    for (const message of early.splice(0)) if (message.to === selfId) deliver(message);
  },
  connect() {
    if (party === null) throw new TypeError('prepare() first');
    party.e2ee?.setMembers([party.peerId]);
    party.call.setPeers([party.peerId]);
  },
  async framesDecoded() {
    const pc = party?.call.peerConnections().get(party.peerId);
    if (pc === undefined) return 0;
    let frames = 0;
    (await pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
    });
    return frames;
  },
  e2eeStatus() {
    return party?.e2ee?.status ?? 'off';
  },
  close() {
    party?.call.close();
    party?.e2ee?.close();
    party?.media.close();
    party = null;
  },
};
