/**
 * A consultation room and its waiting room as a pure state machine: `apply(command)` either
 * refuses with a catalogue code and changes nothing, or changes the room and returns the
 * effects the shell must carry out (notices to send, rows to persist, audit events).
 *
 * The rule that matters most (issue 2, DESIGN "fail closed"): a participant who is not
 * admitted never receives a roster, a signal or anything else about the others.
 */
import type { AuditAction } from '@samtale/protocol';
import { Refusal, refuse } from './refusal.ts';
import { isPresent, rosterFor } from './roster.ts';
import type {
  EntryPolicy,
  ParticipantPatch,
  ParticipantSeed,
  RoomCommand,
  RoomEffect,
  RoomNotice,
  RoomParticipant,
  RoomResult,
  RoomSnapshot,
} from './types.ts';

/** Who acts: a participant in the call, or a user (the owner) from the dashboard. */
type Actor = { participantId: string } | { userId: string };

export class Room {
  readonly consultationId: string;
  readonly meshMax: number;
  readonly policy: EntryPolicy | null;
  #isLocked: boolean;
  readonly #participants = new Map<string, RoomParticipant>();
  #startedAt: Date | null;
  #endedAt: Date | null;
  /** Effects of the command being applied; reset by `apply`. */
  #effects: RoomEffect[] = [];

  /** Rebuilds a room from durable state; nobody is connected until they join or resume. */
  constructor(snapshot: RoomSnapshot) {
    if (snapshot.meshMax < 2) throw new TypeError('meshMax must be at least 2');
    this.consultationId = snapshot.consultationId;
    this.meshMax = snapshot.meshMax;
    this.policy = snapshot.policy ?? null;
    this.#isLocked = snapshot.isLocked ?? false;
    this.#startedAt = snapshot.startedAt;
    this.#endedAt = snapshot.endedAt;
    for (const seed of snapshot.participants) this.#add(seed, false);
  }

  get isLocked(): boolean {
    return this.#isLocked;
  }

  /** Most participants admitted at once: the meeting's policy, or meshMax for a consultation. */
  get capacity(): number {
    return this.policy?.maxParticipants ?? this.meshMax;
  }

  /**
   * Where someone arriving goes: hosts into the call; organisation members of a meeting whose
   * policy lets them in directly, into the call while there is room; everyone else waits
   * (guests with a link always wait for a host).
   */
  entryStateOf(p: Pick<RoomParticipant, 'role' | 'identity'>): 'waiting' | 'admitted' {
    if (p.role === 'host') return 'admitted';
    const isMember = p.identity === 'local-account';
    if (isMember && this.policy?.directEntry === 'organisation-members' && this.admittedCount < this.capacity) {
      return 'admitted';
    }
    return 'waiting';
  }

  get isEnded(): boolean {
    return this.#endedAt !== null;
  }

  get startedAt(): Date | null {
    return this.#startedAt;
  }

  get admittedCount(): number {
    let n = 0;
    for (const p of this.#participants.values()) if (p.state === 'admitted') n += 1;
    return n;
  }

  participant(id: string): Readonly<RoomParticipant> | undefined {
    return this.#participants.get(id);
  }

  participants(): readonly Readonly<RoomParticipant>[] {
    return [...this.#participants.values()];
  }

  /** The roster notice `viewerId` may see right now (only meaningful for admitted viewers). */
  rosterNotice(viewerId: string): RoomNotice {
    const viewer = this.#get(viewerId);
    return { type: 'roster', participants: rosterFor(viewer, this.#participants.values()), startedAt: this.#startedAt };
  }

  /** The state a known participant has after `rejoin` or `resume` (what its `welcome` says). */
  arrivalState(participantId: string): 'waiting' | 'admitted' {
    const p = this.#participants.get(participantId);
    if (p === undefined) throw new TypeError('arrivalState of an unknown participant');
    if (p.state === 'admitted' || (p.state !== 'waiting' && p.role === 'host')) return 'admitted';
    return 'waiting';
  }

  /** Applies one command. On refusal nothing has changed. */
  apply(command: RoomCommand): RoomResult {
    this.#effects = [];
    try {
      if (this.#endedAt !== null) refuse('CONSULTATION_ENDED');
      this.#dispatch(command);
      return { ok: true, effects: this.#effects };
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, code: error.code };
      throw error;
    } finally {
      this.#effects = [];
    }
  }

  #dispatch(c: RoomCommand): void {
    switch (c.type) {
      case 'join':
        return this.#join(c.participant, c.at);
      case 'rejoin':
        return this.#comeBack(c.participantId, c.at, false);
      case 'resume':
        return this.#comeBack(c.participantId, c.at, true);
      case 'admit':
        return this.#admit(c.actorId, c.participantId, c.at);
      case 'decline':
        return this.#decline(c.actorId, c.participantId, c.reason, c.at);
      case 'messageWaiting':
        this.#host(c.actorId);
        return this.#messageWaiting(c.participantId, c.text, c.at);
      case 'messageWaitingFromDashboard':
        return this.#messageWaiting(c.participantId, c.text, c.at);
      case 'declineFromDashboard':
        return this.#declineWaiting(c.participantId, c.reason, { userId: c.ownerUserId }, c.at);
      case 'returnToWaiting':
        return this.#returnToWaiting(c.actorId, c.participantId, c.at);
      case 'remove':
        return this.#remove(c.actorId, c.participantId, c.at);
      case 'leave': {
        const p = this.#get(c.participantId);
        if (!isPresent(p)) refuse('INVALID_STATE');
        this.#depart(p, 'left', c.at);
        this.#audit('left', p.id, p.id);
        this.#effects.push({ kind: 'disconnect', participantId: p.id });
        this.#afterPresenceChange();
        return;
      }
      case 'disconnect': {
        const p = this.#get(c.participantId);
        if (!p.isConnected) return;
        p.isConnected = false;
        if (isPresent(p)) this.#broadcastRoster();
        return;
      }
      case 'waitingExpired': {
        const p = this.#get(c.participantId);
        // A stale timer: the person came back, was admitted or already went.
        if (p.state !== 'waiting' || p.isConnected) return;
        this.#depart(p, 'left', c.at);
        this.#audit('left', null, p.id);
        this.#afterPresenceChange();
        return;
      }
      case 'mediaState': {
        const p = this.#get(c.participantId);
        if (!isPresent(p)) refuse('INVALID_STATE');
        p.isAudioOn = c.isAudioOn;
        p.isVideoOn = c.isVideoOn;
        if (p.state === 'admitted') this.#broadcastRoster();
        return;
      }
      case 'signal': {
        const from = this.#get(c.from);
        if (from.state !== 'admitted') refuse('INVALID_STATE');
        const to = this.#participants.get(c.to);
        // Same answer for "unknown" and "not admitted": a sender learns nothing about the waiting room.
        if (to === undefined || to.state !== 'admitted' || to.id === from.id) refuse('PARTICIPANT_NOT_FOUND');
        this.#notify(to.id, { type: 'signal', from: from.id, data: c.data });
        return;
      }
      case 'end':
        return this.#end(c.actorId, c.at);
      case 'lock':
        return this.#lock(c.actorId, c.isLocked);
    }
  }

  #join(seed: ParticipantSeed, at: Date): void {
    if (this.#participants.has(seed.id)) refuse('INVALID_STATE');
    if (this.#isLocked && seed.role !== 'host') refuse('FORBIDDEN');
    const p = this.#add({ ...seed, state: 'left', waitingSince: null }, true);
    this.#enter(p, at);
  }

  /** Same link or host again (`isResume` false), or a resume token: the participant keeps its place. */
  #comeBack(participantId: string, at: Date, isResume: boolean): void {
    const p = this.#get(participantId);
    if (isResume && (p.state === 'declined' || p.state === 'removed')) refuse('RESUME_INVALID');
    p.isConnected = true;
    if (isPresent(p)) {
      this.#greet(p);
      this.#broadcastRoster(p.id);
      return;
    }
    // Gone (left, declined, removed) and knocking again: back through the waiting room.
    if (this.#isLocked && p.role !== 'host') refuse('FORBIDDEN');
    this.#enter(p, at);
  }

  /** Puts a connected, absent participant in the call (host) or the waiting room (others). */
  #enter(p: RoomParticipant, at: Date): void {
    if (this.entryStateOf(p) === 'admitted') {
      this.#setState(p, { state: 'admitted', waitingSince: null, firstJoinedAt: p.firstJoinedAt ?? at });
      this.#audit('joined', p.id, p.id);
      this.#maybeStart(at);
    } else {
      this.#setState(p, { state: 'waiting', waitingSince: at });
      this.#audit('waiting', p.id, p.id);
    }
    this.#greet(p);
    this.#afterPresenceChange(p.id);
  }

  #admit(actorId: string, participantId: string, at: Date): void {
    this.#host(actorId);
    const p = this.#get(participantId);
    if (p.state !== 'waiting') refuse('INVALID_STATE');
    if (this.admittedCount >= this.capacity) refuse('ROOM_FULL');
    this.#setState(p, { state: 'admitted', waitingSince: null, firstJoinedAt: p.firstJoinedAt ?? at });
    this.#audit('admitted', actorId, p.id);
    this.#maybeStart(at);
    if (p.isConnected) this.#greet(p);
    this.#afterPresenceChange(p.id);
  }

  #messageWaiting(participantId: string, text: string, at: Date): void {
    const target = this.#get(participantId);
    if (target.state !== 'waiting') refuse('INVALID_STATE');
    this.#notify(target.id, { type: 'hostMessage', text, sentAt: at });
  }

  #decline(actorId: string, participantId: string, reason: string | undefined, at: Date): void {
    this.#host(actorId);
    this.#declineWaiting(participantId, reason, { participantId: actorId }, at);
  }

  /** Declines someone waiting; the actor is the host in the call, or the owner from the dashboard. */
  #declineWaiting(participantId: string, reason: string | undefined, actor: Actor, at: Date): void {
    const p = this.#get(participantId);
    if (p.state !== 'waiting') refuse('INVALID_STATE');
    this.#depart(p, 'declined', at);
    this.#audit('declined', actor, p.id);
    this.#notify(p.id, reason === undefined ? { type: 'declined' } : { type: 'declined', reason });
    this.#effects.push({ kind: 'disconnect', participantId: p.id });
    this.#afterPresenceChange();
  }

  #returnToWaiting(actorId: string, participantId: string, at: Date): void {
    this.#host(actorId);
    const p = this.#get(participantId);
    if (p.state !== 'admitted' || p.role === 'host') refuse('INVALID_STATE');
    this.#setState(p, { state: 'waiting', waitingSince: at });
    this.#audit('returned_to_waiting', actorId, p.id);
    this.#notify(p.id, { type: 'returnedToWaiting' });
    this.#notify(p.id, { type: 'waiting', since: at });
    this.#afterPresenceChange();
  }

  #remove(actorId: string, participantId: string, at: Date): void {
    this.#host(actorId);
    const p = this.#get(participantId);
    if (!isPresent(p) || p.role === 'host') refuse('INVALID_STATE');
    this.#depart(p, 'removed', at);
    this.#audit('removed', actorId, p.id);
    this.#notify(p.id, { type: 'removed' });
    this.#effects.push({ kind: 'disconnect', participantId: p.id });
    this.#afterPresenceChange();
  }

  #end(actorId: string, at: Date): void {
    this.#host(actorId);
    for (const p of this.#participants.values()) {
      if (!isPresent(p)) continue;
      this.#depart(p, 'left', at);
      this.#notify(p.id, { type: 'ended', endedAt: at });
      this.#effects.push({ kind: 'disconnect', participantId: p.id });
    }
    this.#endedAt = at;
    this.#audit('ended', actorId, null);
    this.#effects.push({ kind: 'ended', at }, { kind: 'dashboardChanged' });
  }

  #lock(actorId: string, isLocked: boolean): void {
    this.#host(actorId);
    if (this.policy === null) refuse('INVALID_STATE');
    if (this.#isLocked === isLocked) return;
    this.#isLocked = isLocked;
    this.#effects.push({ kind: 'locked', isLocked });
    for (const p of this.#participants.values()) {
      if (p.state === 'admitted' && p.isConnected) this.#notify(p.id, { type: 'locked', isLocked });
    }
  }

  // ---------- helpers ----------

  #add(seed: ParticipantSeed, isConnected: boolean): RoomParticipant {
    const p: RoomParticipant = { ...seed, isConnected, isAudioOn: true, isVideoOn: true };
    this.#participants.set(p.id, p);
    return p;
  }

  #get(id: string): RoomParticipant {
    const p = this.#participants.get(id);
    if (p === undefined) refuse('PARTICIPANT_NOT_FOUND');
    return p;
  }

  /** The actor of a host action: must be this room's host and in the call. */
  #host(actorId: string): RoomParticipant {
    const actor = this.#get(actorId);
    if (actor.role !== 'host') refuse('NOT_HOST');
    if (actor.state !== 'admitted') refuse('INVALID_STATE');
    return actor;
  }

  #setState(p: RoomParticipant, patch: ParticipantPatch): void {
    if (patch.state !== undefined) p.state = patch.state;
    if (patch.waitingSince !== undefined) p.waitingSince = patch.waitingSince;
    if (patch.firstJoinedAt !== undefined) p.firstJoinedAt = patch.firstJoinedAt;
    if (patch.lastLeftAt !== undefined) p.lastLeftAt = patch.lastLeftAt;
    this.#effects.push({ kind: 'persist', participantId: p.id, patch });
  }

  /** Moves a present participant out; someone who was in the call gets a `lastLeftAt`. */
  #depart(p: RoomParticipant, state: 'left' | 'declined' | 'removed', at: Date): void {
    const patch: ParticipantPatch = { state, waitingSince: null };
    if (p.state === 'admitted') patch.lastLeftAt = at;
    this.#setState(p, patch);
  }

  #maybeStart(at: Date): void {
    if (this.#startedAt !== null) return;
    const admitted = [...this.#participants.values()].filter((p) => p.state === 'admitted');
    // Started when the host and someone else are in the call together.
    if (admitted.length >= 2 && admitted.some((p) => p.role === 'host')) {
      this.#startedAt = at;
      this.#effects.push({ kind: 'started', at });
    }
  }

  /** Tells a participant where it stands: waiting, or admitted with the roster. */
  #greet(p: RoomParticipant): void {
    if (p.state === 'admitted') {
      this.#notify(p.id, { type: 'admitted' });
      this.#notify(p.id, this.rosterNotice(p.id));
    } else if (p.state === 'waiting' && p.waitingSince !== null) {
      this.#notify(p.id, { type: 'waiting', since: p.waitingSince });
    }
  }

  #afterPresenceChange(exceptId?: string): void {
    this.#broadcastRoster(exceptId);
    this.#effects.push({ kind: 'dashboardChanged' });
  }

  /** A fresh roster for every connected admitted member (except one that was just greeted). */
  #broadcastRoster(exceptId?: string): void {
    for (const p of this.#participants.values()) {
      if (p.state === 'admitted' && p.isConnected && p.id !== exceptId) this.#notify(p.id, this.rosterNotice(p.id));
    }
  }

  #notify(to: string, notice: RoomNotice): void {
    this.#effects.push({ kind: 'notify', to, notice });
  }

  #audit(action: AuditAction, actor: string | Actor | null, subjectId: string | null): void {
    const who = typeof actor === 'string' ? { participantId: actor } : actor;
    this.#effects.push({
      kind: 'audit',
      action,
      actorParticipantId: who !== null && 'participantId' in who ? who.participantId : null,
      subjectParticipantId: subjectId,
      ...(who !== null && 'userId' in who ? { actorUserId: who.userId } : {}),
    });
  }
}
