/**
 * Test helper: a Node WebRTC peer (@roamhq/wrtc, a dev dependency) publishing synthetic VP8
 * video and Opus audio, for tests that need a real offer and real media through Janus. Only the
 * few members used here are typed; the server's tsconfig has no DOM types.
 */
import { createRequire } from 'node:module';

interface Description {
  type: 'offer' | 'answer';
  sdp: string;
}
interface Candidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}
interface Track {
  kind?: string;
  stop(): void;
}
interface PeerConnection {
  addTransceiver(trackOrKind: Track | string, init: { direction: 'sendonly' | 'recvonly' }): unknown;
  createOffer(): Promise<Description>;
  createAnswer(): Promise<Description>;
  setLocalDescription(d: Description): Promise<void>;
  setRemoteDescription(d: Description): Promise<void>;
  addIceCandidate(c: Candidate): Promise<void>;
  close(): void;
  connectionState: string;
  onicecandidate: ((e: { candidate: Candidate | null }) => void) | null;
  onconnectionstatechange: (() => void) | null;
  ontrack: ((e: { track: Track }) => void) | null;
}
interface VideoSource {
  createTrack(): Track;
  onFrame(frame: { width: number; height: number; data: Uint8ClampedArray }): void;
}
interface VideoSink {
  onframe: (() => void) | null;
  stop(): void;
}
interface Wrtc {
  RTCPeerConnection: new () => PeerConnection;
  nonstandard: { RTCVideoSource: new () => VideoSource; RTCVideoSink: new (track: Track) => VideoSink };
}

const wrtc = createRequire(import.meta.url)('@roamhq/wrtc') as Wrtc;

export interface NodePublisher {
  readonly pc: PeerConnection;
  /** Local ICE candidates, in order (null ends them). */
  readonly candidates: (Candidate | null)[];
  offer: Description;
  close(): void;
}

/** A send-only peer with one synthetic video track and an audio m-line; the offer is ready. */
export async function createNodePublisher(): Promise<NodePublisher> {
  const pc = new wrtc.RTCPeerConnection();
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack();
  pc.addTransceiver('audio', { direction: 'sendonly' });
  pc.addTransceiver(track, { direction: 'sendonly' });
  const candidates: (Candidate | null)[] = [];
  pc.onicecandidate = (e) => candidates.push(e.candidate);
  const width = 160;
  const height = 120;
  const data = new Uint8ClampedArray((width * height * 3) / 2).fill(128);
  const timer = setInterval(() => source.onFrame({ width, height, data }), 50);
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  return {
    pc,
    candidates,
    offer,
    close: () => {
      clearInterval(timer);
      track.stop();
      pc.close();
    },
  };
}

/** Resolves once `pc` reaches `connected` (or rejects on `failed`). */
export function whenConnected(pc: PeerConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (pc.connectionState === 'connected') resolve();
      else if (pc.connectionState === 'failed') reject(new Error('peer connection failed'));
    };
    pc.onconnectionstatechange = check;
    check();
  });
}

export interface NodeSubscriber {
  readonly pc: PeerConnection;
  readonly candidates: (Candidate | null)[];
  /** Video frames decoded so far, over every received video track. */
  readonly framesDecoded: () => number;
  /** Answers an SFU offer (recvonly). */
  answer(offer: { type: string; sdp?: string | undefined }): Promise<Description>;
  close(): void;
}

/** A receive-only peer that answers the SFU's offers and counts decoded video frames. */
export function createNodeSubscriber(): NodeSubscriber {
  const pc = new wrtc.RTCPeerConnection();
  const candidates: (Candidate | null)[] = [];
  const sinks: VideoSink[] = [];
  let frames = 0;
  pc.onicecandidate = (e) => candidates.push(e.candidate);
  pc.ontrack = ({ track }) => {
    if (track.kind !== 'video') return;
    const sink = new wrtc.nonstandard.RTCVideoSink(track);
    sink.onframe = () => {
      frames += 1;
    };
    sinks.push(sink);
  };
  return {
    pc,
    candidates,
    framesDecoded: () => frames,
    async answer(offer) {
      if (offer.type !== 'offer' || offer.sdp === undefined) throw new TypeError('not an offer');
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      return answer;
    },
    close: () => {
      for (const sink of sinks) sink.stop();
      pc.close();
    },
  };
}
