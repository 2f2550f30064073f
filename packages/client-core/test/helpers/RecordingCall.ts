import type { IceServer, SignalData } from '@samtale/protocol';
import type { Call, CallEvents, CallFactory, CallOptions } from '../../src/call/Call.ts';
import { Emitter, type ListenerOptions } from '../../src/events.ts';

/** A Call without WebRTC that records what the session asks of it (Node has no RTCPeerConnection). */
export class RecordingCall implements Call {
  readonly peerSets: string[][] = [];
  readonly prepared: string[][] = [];
  readonly iceServerSets: IceServer[][] = [];
  readonly signals: Array<{ from: string; data: SignalData }> = [];
  resyncCount = 0;
  isClosed = false;
  readonly remoteStreams: ReadonlyMap<string, MediaStream> = new Map();
  readonly #events = new Emitter<CallEvents>();

  constructor(readonly options: CallOptions) {}

  setPeers(participantIds: readonly string[]): void {
    this.peerSets.push([...participantIds]);
  }
  setIceServers(servers: readonly IceServer[]): void {
    this.iceServerSets.push([...servers]);
  }
  prepare(waitingIds: readonly string[]): void {
    this.prepared.push([...waitingIds]);
  }
  handleSignal(from: string, data: SignalData): void {
    this.signals.push({ from, data });
  }
  resync(): void {
    this.resyncCount += 1;
  }
  peerConnections(): ReadonlyMap<string, RTCPeerConnection> {
    return new Map();
  }
  on<K extends keyof CallEvents>(
    name: K,
    listener: (payload: CallEvents[K]) => void,
    options?: ListenerOptions,
  ): () => void {
    return this.#events.on(name, listener, options);
  }
  /** Lets a test play the part of the peer connections. */
  emit<K extends keyof CallEvents>(name: K, payload: CallEvents[K]): void {
    this.#events.emit(name, payload);
  }
  close(): void {
    this.isClosed = true;
  }
}

/** A CallFactory that keeps every call it made. */
export function recordingCalls(): { create: CallFactory; calls: RecordingCall[] } {
  const calls: RecordingCall[] = [];
  return {
    calls,
    create: (options) => {
      const call = new RecordingCall(options);
      calls.push(call);
      return call;
    },
  };
}
