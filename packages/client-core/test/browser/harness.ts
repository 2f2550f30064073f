/**
 * Runs in Chromium: two or three MeshCalls in one page whose signals are relayed directly (as the
 * server would relay them), so the real WebRTC negotiation can be tested without a server.
 */
import type { IceServer, SignalData } from '@samtale/protocol';
import { MeshCall } from '../../src/call/MeshCall.ts';
import { LocalMedia } from '../../src/media/LocalMedia.ts';

export type MediaChoice = 'audio+video' | 'audio' | 'none';

export interface ReceivedMedia {
  framesDecoded: number;
  audioPacketsReceived: number;
  videoCodec: string | null;
  transceiverCount: number;
  signalingState: RTCSignalingState;
  connectionState: RTCPeerConnectionState;
}

export interface Harness {
  /** Starts one MeshCall per participant; all see each other. */
  /** `hosts`: participants the others see as hosts (a host makes the first offer to a non-host). */
  start(participants: Record<string, MediaChoice>, hosts?: readonly string[]): Promise<void>;
  /** What `receiver` gets from `sender`. */
  received(receiver: string, sender: string): Promise<ReceivedMedia>;
  /** True when every pair decodes video (where sent) and receives audio (where sent). */
  isFlowing(): Promise<boolean>;
  /** Restarts ICE on both ends of a pair in the same task: both offer at once (glare). */
  restartBoth(a: string, b: string): void;
  offersSent(): number;
  /** Who sent the first offer, to whom (null before any). */
  firstOffer(): { from: string; to: string } | null;
  /** Host `host` is in the call and `waiting` waits: the host's call prepares for them. */
  startWaiting(host: string, waiting: string): Promise<void>;
  /** The host admits `waiting`: its call starts, both calls list each other. */
  admit(host: string, waiting: string): Promise<void>;
  /** New ICE servers for `id`'s call (a TURN refresh). */
  setIceServers(id: string, servers: IceServer[]): void;
  /** The ICE server URLs `receiver`'s connection to `sender` would gather from now. */
  iceServerUrls(receiver: string, sender: string): string[];
  /** Signals relayed so far, of any kind. */
  signalsSent(): number;
  /** signalingState of every RTCPeerConnection created so far, in order. */
  signalingStates(): RTCSignalingState[];
  /** Replaces a participant's MeshCall with a new one, as a page reload would. */
  reload(id: string): Promise<void>;
}

declare global {
  interface Window {
    harness: Harness;
  }
}

const calls = new Map<string, MeshCall>();
const choices = new Map<string, MediaChoice>();
let offers = 0;
let signals = 0;
const created: RTCPeerConnection[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    created.push(this);
  }
};
let firstOffer: { from: string; to: string } | null = null;
let hostIds = new Set<string>();

function relay(from: string, to: string, data: SignalData): void {
  signals += 1;
  if (data.kind === 'description' && data.description.type === 'offer') {
    offers += 1;
    firstOffer ??= { from, to };
  }
  // JSON round trip and a macrotask hop, like the server relay.
  const copy = JSON.parse(JSON.stringify(data)) as SignalData;
  setTimeout(() => calls.get(to)?.handleSignal(from, copy), 0);
}

async function openMedia(choice: MediaChoice): Promise<LocalMedia | null> {
  if (choice === 'none') return null;
  return LocalMedia.open({ videoDeviceId: choice === 'audio' ? false : undefined });
}

async function received(receiver: string, sender: string): Promise<ReceivedMedia> {
  const pc = calls.get(receiver)?.peerConnections().get(sender);
  if (pc === undefined) throw new Error(`${receiver} has no connection to ${sender}`);
  const result: ReceivedMedia = {
    framesDecoded: 0,
    audioPacketsReceived: 0,
    videoCodec: null,
    transceiverCount: pc.getTransceivers().length,
    signalingState: pc.signalingState,
    connectionState: pc.connectionState,
  };
  const stats = await pc.getStats();
  stats.forEach(
    (report: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number; codecId?: string }) => {
      if (report.type !== 'inbound-rtp') return;
      if (report.kind === 'video') {
        result.framesDecoded += report.framesDecoded ?? 0;
        const codec =
          report.codecId === undefined ? undefined : (stats.get(report.codecId) as { mimeType?: string } | undefined);
        result.videoCodec = codec?.mimeType ?? null;
      }
      if (report.kind === 'audio') result.audioPacketsReceived += report.packetsReceived ?? 0;
    },
  );
  return result;
}

async function createCall(id: string, choice: MediaChoice): Promise<MeshCall> {
  choices.set(id, choice);
  const call = new MeshCall({
    selfId: id,
    isHost: (participantId) => hostIds.has(participantId),
    iceServers: [],
    localMedia: await openMedia(choice),
    sendSignal: (to, data) => relay(id, to, data),
  });
  calls.set(id, call);
  return call;
}

window.harness = {
  async start(participants, hosts = []) {
    hostIds = new Set(hosts);
    for (const [id, choice] of Object.entries(participants)) await createCall(id, choice);
    const ids = [...calls.keys()];
    for (const [id, call] of calls) call.setPeers(ids.filter((other) => other !== id));
  },
  async reload(id) {
    calls.get(id)?.close();
    const call = await createCall(id, choices.get(id) ?? 'audio+video');
    call.setPeers([...calls.keys()].filter((other) => other !== id));
  },
  received,
  async isFlowing() {
    for (const receiver of calls.keys()) {
      for (const sender of calls.keys()) {
        if (receiver === sender) continue;
        const media = await received(receiver, sender);
        const choice = choices.get(sender);
        if (choice === 'audio+video' && media.framesDecoded === 0) return false;
        if (choice !== 'none' && media.audioPacketsReceived === 0) return false;
        if (media.signalingState !== 'stable') return false;
      }
    }
    return true;
  },
  restartBoth(a, b) {
    calls.get(a)?.peerConnections().get(b)?.restartIce();
    calls.get(b)?.peerConnections().get(a)?.restartIce();
  },
  offersSent: () => offers,
  firstOffer: () => firstOffer,
  async startWaiting(host, waiting) {
    hostIds = new Set([host]);
    choices.set(waiting, 'audio+video');
    const call = await createCall(host, 'audio+video');
    call.setPeers([]);
    call.prepare([waiting]);
  },
  async admit(host, waiting) {
    const call = await createCall(waiting, choices.get(waiting) ?? 'audio+video');
    calls.get(host)?.setPeers([waiting]);
    call.setPeers([host]);
  },
  signalsSent: () => signals,
  setIceServers: (id, servers) => calls.get(id)?.setIceServers(servers),
  iceServerUrls(receiver, sender) {
    const pc = calls.get(receiver)?.peerConnections().get(sender);
    return (pc?.getConfiguration().iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  },
  signalingStates: () => created.map((pc) => pc.signalingState),
};
