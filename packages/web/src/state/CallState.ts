import { signal, type ReadonlySignal } from '@preact/signals';
import type { ConsentRecordView, ErrorCode, JoinAs, ParticipantView } from '@samtale/protocol';
import {
  CallSession,
  type ConnectionState,
  type LocalMedia,
  type MediaPlan,
  type SessionPhase,
} from '@samtale/client-core';
import { MediaStallWatch } from './MediaStallWatch.ts';

export interface HostMessage {
  text: string;
  sentAt: string;
}

/** A CallSession's events turned into signals for the UI; one per person in one consultation or meeting. */
export interface CallState {
  readonly session: CallSession;
  readonly localMedia: LocalMedia | null;
  readonly phase: ReadonlySignal<SessionPhase>;
  /** Decline reason, when declined. */
  readonly reason: ReadonlySignal<string | null>;
  readonly failure: ReadonlySignal<ErrorCode | null>;
  readonly connection: ReadonlySignal<ConnectionState>;
  /** The session's roster and streams as it emitted them (no copies: the session holds them). */
  readonly participants: ReadonlySignal<ParticipantView[]>;
  readonly remoteStreams: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  readonly hostMessages: ReadonlySignal<HostMessage[]>;
  /** Peer connections that did not come up in time (mesh: participant ids; SFU: publisher/subscriber). */
  readonly stalledPeers: ReadonlySignal<ReadonlySet<string>>;
  /** True while at least one of the call's peer connections is connected: media flows. */
  readonly isCarryingMedia: ReadonlySignal<boolean>;
  /** A meeting's media server is away (a server-side cause: the call waits for it to come back). */
  readonly isMediaServerAway: ReadonlySignal<boolean>;
  /** How the call's media travels (mesh or SFU, meeting or not), once admitted. */
  readonly mediaPlan: ReadonlySignal<MediaPlan | null>;
  /** Latest non-fatal error from the server (e.g. ROOM_FULL on admit). */
  readonly lastError: ReadonlySignal<ErrorCode | null>;
  /** Clears `lastError` if it is `code` (its cause was put right, e.g. the required checklist items ticked). */
  dismissError(code: ErrorCode): void;
  /** Hosts: consent records pushed by the server (null until the first push; issue 9). */
  readonly consents: ReadonlySignal<ConsentRecordView[] | null>;
  /** Media on/off, mirrored here so buttons re-render. */
  readonly isAudioOn: ReadonlySignal<boolean>;
  readonly isVideoOn: ReadonlySignal<boolean>;
  setAudio: (on: boolean) => void;
  setVideo: (on: boolean) => void;
  close: () => void;
}

export function createCallState(opts: { url: string; join: JoinAs; localMedia: LocalMedia | null }): CallState {
  const session = new CallSession({ url: opts.url, join: opts.join, localMedia: opts.localMedia });
  const lifetime = new AbortController();
  const on = { signal: lifetime.signal };
  const phase = signal<SessionPhase>('connecting');
  const reason = signal<string | null>(null);
  const failure = signal<ErrorCode | null>(null);
  const connection = signal<ConnectionState>('connecting');
  const participants = signal<ParticipantView[]>(session.participants);
  const remoteStreams = signal<ReadonlyMap<string, MediaStream>>(session.remoteStreams);
  const hostMessages = signal<HostMessage[]>([]);
  const lastError = signal<ErrorCode | null>(null);
  const consents = signal<ConsentRecordView[] | null>(null);
  const isAudioOn = signal(opts.localMedia?.isAudioOn ?? false);
  const isVideoOn = signal(opts.localMedia?.isVideoOn ?? false);
  const stalledPeers = signal<ReadonlySet<string>>(new Set());
  const isCarryingMedia = signal(false);
  const isMediaServerAway = signal(false);
  const mediaPlan = signal<MediaPlan | null>(null);
  const stallWatch = new MediaStallWatch((stalled) => (stalledPeers.value = stalled));
  lifetime.signal.addEventListener('abort', () => stallWatch.close());
  // Watches the call's RTCPeerConnections themselves (mesh: one per remote participant; SFU:
  // publisher and subscriber), so a connection that never fires an event is still noticed.
  const watchPeerConnections = (): void => {
    const connections = session.phase === 'admitted' ? session.call?.peerConnections() : undefined;
    stallWatch.setPeers(connections?.keys() ?? []);
    for (const [id, pc] of connections ?? []) stallWatch.setPeerState(id, pc.connectionState);
    isCarryingMedia.value = [...(connections?.values() ?? [])].some((pc) => pc.connectionState === 'connected');
    mediaPlan.value = session.phase === 'admitted' ? session.mediaPlan : null;
    const plane = session.call;
    isMediaServerAway.value = plane?.kind === 'sfu' && !plane.isMediaServerAvailable;
  };

  session.on(
    'phaseChanged',
    (change) => {
      phase.value = change.phase;
      if (change.reason !== undefined) reason.value = change.reason;
      if (change.error) failure.value = change.error.code;
      watchPeerConnections();
    },
    on,
  );
  session.on('connectionStateChanged', (state) => (connection.value = state), on);
  session.on('rosterChanged', (list) => (participants.value = list), on);
  session.on(
    'remoteStreamsChanged',
    (streams) => {
      // Each change is a fresh snapshot (empty when the call closes, e.g. back to waiting).
      remoteStreams.value = streams;
      watchPeerConnections();
    },
    on,
  );
  session.on('peerStateChanged', watchPeerConnections, on);
  session.on('mediaServerChanged', watchPeerConnections, on);
  session.on('hostMessage', (message) => (hostMessages.value = [...hostMessages.value, message]), on);
  session.on('error', (error) => (lastError.value = error.code), on);
  session.on('consentsChanged', (records) => (consents.value = records), on);

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
    isCarryingMedia,
    isMediaServerAway,
    mediaPlan,
    hostMessages,
    lastError,
    dismissError: (code: ErrorCode) => {
      if (lastError.value === code) lastError.value = null;
    },
    consents,
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
