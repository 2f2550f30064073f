/**
 * Runs in Chromium: MeshCalls with end-to-end encryption on, signals relayed in the page as the
 * server would relay them. The relay can withhold one participant's keys from another, to show
 * that a receiver without the key decodes nothing.
 */
import type { SignalData } from '@samtale/protocol';
import { MeshCall } from '../../src/call/MeshCall.ts';
import { E2eeSession } from '../../src/e2ee/E2eeSession.ts';
import { LocalMedia } from '../../src/media/LocalMedia.ts';

export interface E2eeReceived {
  framesDecoded: number;
  videoPacketsReceived: number;
  audioPacketsReceived: number;
  videoCodec: string | null;
}

export interface E2eeView {
  status: string;
  digits: string | null;
  problems: { participantId: string; failure: string; isOurs: boolean }[];
  /** Tracks of each other participant that the call hands to the UI to show or play. */
  remoteTracks: Record<string, number>;
  /** Current directions of the transceivers towards each other participant. */
  directions: Record<string, (string | null)[]>;
}

export interface E2eeHarness {
  /** Starts one encrypted MeshCall per id; keys from `withhold[0]` never reach `withhold[1]`. */
  start(ids: string[], withhold?: [from: string, to: string], options?: { noWorkerFor?: string }): Promise<void>;
  /** The encryption worker of `id` reports an error (as a crashed worker does). */
  breakWorker(id: string): void;
  received(receiver: string, sender: string): Promise<E2eeReceived>;
  view(id: string): E2eeView;
  /**
   * A separate connection from `sender`'s session to `receiver`'s, whose receiver is attached for
   * `attachedFor`: what a Janus m-line reused for another participant's feed looks like.
   */
  reusedReceiver(receiver: string, sender: string, attachedFor: string): Promise<void>;
  reusedReceiverStats(): Promise<E2eeReceived>;
}

declare global {
  interface Window {
    e2eeHarness: E2eeHarness;
  }
}

const CALL_ID = 'c0000000-0000-4000-8000-00000000e2ee';
const parties = new Map<string, { call: MeshCall; e2ee: E2eeSession }>();
const workers = new Map<string, Worker>();
let withheld: [string, string] | null = null;

function relay(from: string, to: string, data: SignalData): void {
  if (data.kind === 'e2eeSenderKey' && withheld?.[0] === from && withheld[1] === to) return;
  const copy = JSON.parse(JSON.stringify(data)) as SignalData;
  setTimeout(() => {
    const party = parties.get(to);
    if (copy.kind === 'e2eeIdentity' || copy.kind === 'e2eeSenderKey' || copy.kind === 'e2eeStatus')
      party?.e2ee.handleSignal(from, copy);
    else party?.call.handleSignal(from, copy);
  }, 0);
}

let reused: RTCPeerConnection | null = null;

async function reusedReceiver(receiver: string, sender: string, attachedFor: string): Promise<void> {
  const from = parties.get(sender)?.e2ee;
  const to = parties.get(receiver)?.e2ee;
  if (from === undefined || to === undefined) throw new Error('start the parties first');
  const config: RTCConfiguration & { encodedInsertableStreams?: boolean } = { ...E2eeSession.rtcConfiguration };
  const sending = new RTCPeerConnection(config);
  const receiving = new RTCPeerConnection(config);
  reused = receiving;
  sending.addEventListener('icecandidate', ({ candidate }) => void receiving.addIceCandidate(candidate ?? undefined));
  receiving.addEventListener('icecandidate', ({ candidate }) => void sending.addIceCandidate(candidate ?? undefined));
  receiving.addEventListener('track', ({ receiver: r }) => to.attachReceiver(r, 'video', attachedFor));
  const transceiver = sending.addTransceiver('video', { direction: 'sendonly' });
  const vp8 = (RTCRtpSender.getCapabilities('video')?.codecs ?? []).filter((c) => c.mimeType === 'video/VP8');
  transceiver.setCodecPreferences(vp8);
  if (!from.attachSender(transceiver.sender, 'video')) throw new Error('cannot attach the sender transform');
  const [track] = (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks();
  await transceiver.sender.replaceTrack(track ?? null);
  await sending.setLocalDescription();
  await receiving.setRemoteDescription(sending.localDescription ?? { type: 'offer' });
  await receiving.setLocalDescription();
  await sending.setRemoteDescription(receiving.localDescription ?? { type: 'answer' });
}

async function received(receiver: string, sender: string): Promise<E2eeReceived> {
  const pc = parties.get(receiver)?.call.peerConnections().get(sender);
  if (pc === undefined) throw new Error(`${receiver} has no connection to ${sender}`);
  return statsOf(pc);
}

async function statsOf(pc: RTCPeerConnection): Promise<E2eeReceived> {
  const result: E2eeReceived = { framesDecoded: 0, videoPacketsReceived: 0, audioPacketsReceived: 0, videoCodec: null };
  const stats = await pc.getStats();
  stats.forEach(
    (report: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number; codecId?: string }) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'video') {
        result.framesDecoded += report.framesDecoded ?? 0;
        result.videoPacketsReceived += report.packetsReceived ?? 0;
        const codec =
          report.codecId === undefined ? undefined : (stats.get(report.codecId) as { mimeType?: string } | undefined);
        result.videoCodec = codec?.mimeType ?? null;
      }
      if (report.kind === 'audio') result.audioPacketsReceived += report.packetsReceived ?? 0;
    },
  );
  return result;
}

window.e2eeHarness = {
  async start(ids, withhold, options) {
    withheld = withhold ?? null;
    for (const id of ids) {
      const e2ee = new E2eeSession({
        callId: CALL_ID,
        selfId: id,
        sendSignal: (to, data) => relay(id, to, data),
        createWorker: () => {
          if (options?.noWorkerFor === id) throw new DOMException('refused', 'SecurityError');
          const worker = new Worker('/e2ee-worker.js', { type: 'module' });
          workers.set(id, worker);
          return worker;
        },
        rotation: { debounceMs: 50, switchDelayMs: 200 },
      });
      await e2ee.start();
      const call = new MeshCall({
        selfId: id,
        iceServers: [],
        localMedia: await LocalMedia.open({}),
        sendSignal: (to, data) => relay(id, to, data),
        e2ee,
      });
      parties.set(id, { call, e2ee });
    }
    for (const [id, { call, e2ee }] of parties) {
      const others = ids.filter((other) => other !== id);
      e2ee.setMembers(others);
      call.setPeers(others);
    }
  },
  received,
  reusedReceiver,
  reusedReceiverStats() {
    if (reused === null) throw new Error('no reused receiver yet');
    return statsOf(reused);
  },
  breakWorker(id) {
    workers.get(id)?.dispatchEvent(new Event('error'));
  },
  view(id) {
    const party = parties.get(id);
    const remoteTracks: Record<string, number> = {};
    const directions: Record<string, (string | null)[]> = {};
    for (const [other, stream] of party?.call.remoteStreams ?? []) remoteTracks[other] = stream.getTracks().length;
    for (const [other, pc] of party?.call.peerConnections() ?? [])
      directions[other] = pc.getTransceivers().map((t) => t.currentDirection);
    return {
      status: party?.e2ee.status ?? 'none',
      digits: party?.e2ee.verificationCode?.digits ?? null,
      problems: party?.e2ee.problems ?? [],
      remoteTracks,
      directions,
    };
  },
};
