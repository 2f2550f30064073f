import { signal, type ReadonlySignal } from '@preact/signals';
import type { ErrorCode, JoinAs, ParticipantView } from '@samtale/protocol';
import { ConsultationSession, type LocalMedia, type SessionPhase, type ConnectionState } from '@samtale/client-core';
import { MediaStallWatch } from './MediaStallWatch.ts';

export interface HostMessage {
  text: string;
  sentAt: string;
}

/** A ConsultationSession's events turned into signals for the UI; one per person in one consultation. */
export interface CallState {
  readonly session: ConsultationSession;
  readonly localMedia: LocalMedia | null;
  readonly phase: ReadonlySignal<SessionPhase>;
  /** Decline reason, when declined. */
  readonly reason: ReadonlySignal<string | null>;
  readonly failure: ReadonlySignal<ErrorCode | null>;
  readonly connection: ReadonlySignal<ConnectionState>;
  readonly participants: ReadonlySignal<ParticipantView[]>;
  readonly remoteStreams: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  readonly hostMessages: ReadonlySignal<HostMessage[]>;
  /** Peer connections that did not come up in time (mesh: participant ids; SFU: publisher/subscriber). */
  readonly stalledPeers: ReadonlySignal<ReadonlySet<string>>;
  /** Latest non-fatal error from the server (e.g. ROOM_FULL on admit). */
  readonly lastError: ReadonlySignal<ErrorCode | null>;
  /** Media on/off, mirrored here so buttons re-render. */
  readonly isAudioOn: ReadonlySignal<boolean>;
  readonly isVideoOn: ReadonlySignal<boolean>;
  setAudio: (on: boolean) => void;
  setVideo: (on: boolean) => void;
  close: () => void;
}

export function createCallState(opts: { url: string; join: JoinAs; localMedia: LocalMedia | null }): CallState {
  const session = new ConsultationSession({ url: opts.url, join: opts.join, localMedia: opts.localMedia });
  const lifetime = new AbortController();
  const on = { signal: lifetime.signal };
  const phase = signal<SessionPhase>('connecting');
  const reason = signal<string | null>(null);
  const failure = signal<ErrorCode | null>(null);
  const connection = signal<ConnectionState>('connecting');
  const participants = signal<ParticipantView[]>([]);
  const remoteStreams = signal<ReadonlyMap<string, MediaStream>>(new Map());
  const hostMessages = signal<HostMessage[]>([]);
  const lastError = signal<ErrorCode | null>(null);
  const isAudioOn = signal(opts.localMedia?.isAudioOn ?? false);
  const isVideoOn = signal(opts.localMedia?.isVideoOn ?? false);
  const stalledPeers = signal<ReadonlySet<string>>(new Set());
  const stallWatch = new MediaStallWatch((stalled) => (stalledPeers.value = stalled));
  lifetime.signal.addEventListener('abort', () => stallWatch.close());
  // Watches the call's RTCPeerConnections themselves (mesh: one per remote participant; SFU:
  // publisher and subscriber), so a connection that never fires an event is still noticed.
  const watchPeerConnections = (): void => {
    const connections = session.phase === 'admitted' ? session.call?.peerConnections() : undefined;
    stallWatch.setPeers(connections?.keys() ?? []);
    for (const [id, pc] of connections ?? []) stallWatch.setPeerState(id, pc.connectionState);
  };

  session.on(
    'phaseChanged',
    (change) => {
      phase.value = change.phase;
      if (change.reason !== undefined) reason.value = change.reason;
      if (change.error) failure.value = change.error.code;
      // A person sent back to the waiting room sees the waiting room, not the old call.
      if (change.phase === 'waiting') remoteStreams.value = new Map();
      watchPeerConnections();
    },
    on,
  );
  session.on('connectionStateChanged', (state) => (connection.value = state), on);
  session.on('rosterChanged', (list) => (participants.value = [...list]), on);
  session.on(
    'remoteStreamsChanged',
    (streams) => {
      remoteStreams.value = new Map(streams);
      watchPeerConnections();
    },
    on,
  );
  session.on('peerStateChanged', watchPeerConnections, on);
  session.on('hostMessage', (message) => (hostMessages.value = [...hostMessages.value, message]), on);
  session.on('error', (error) => (lastError.value = error.code), on);

  return {
    session,
    localMedia: opts.localMedia,
    phase,
    reason,
    failure,
    connection,
    participants,
    remoteStreams,
    stalledPeers,
    hostMessages,
    lastError,
    isAudioOn,
    isVideoOn,
    setAudio(value) {
      opts.localMedia?.setAudioEnabled(value);
      isAudioOn.value = opts.localMedia?.isAudioOn ?? false;
      session.setMediaState();
    },
    setVideo(value) {
      opts.localMedia?.setVideoEnabled(value);
      isVideoOn.value = opts.localMedia?.isVideoOn ?? false;
      session.setMediaState();
    },
    close() {
      lifetime.abort();
      session.close();
      opts.localMedia?.close();
    },
  };
}
