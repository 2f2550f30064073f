/**
 * A consultation room and its waiting room as a pure state machine: `apply(command)` either
 * refuses with a catalogue code and changes nothing, or changes the room and returns the
 * effects the shell must carry out (notices to send, rows to persist, audit events).
 *
 * The rule that matters most (issue 2, DESIGN "fail closed"): a participant who is not
 * admitted never receives a roster, a signal or anything else about the others.
 */
import type { ErrorCode, IdentificationRequirements, MediaMode, ParticipantRole } from '@samtale/protocol';
import { Refusal, refuse } from './refusal.ts';
import { RoomEffects, type Actor } from './RoomEffects.ts';
import { capacityOf, entryStateOf, fullCodeOf } from './seats.ts';
import { ParticipantTable, type ParticipantQueries } from './ParticipantTable.ts';
import { disconnect, mediaState, relaySignal } from './presence.ts';
import { broadcastRoster, greet, isPresent } from './roster.ts';
import { isIdentifiedEnough, recordIdShownInVideo, requireIdentified } from './identification.ts';
import { passSeat, reopenedLinkEntry, seatHolderOf, type ReopenedLink } from './other-device.ts';
import type {
  EntryPolicy,
  ParticipantPatch,
  ParticipantSeed,
  RoomCommand,
  RoomParticipant,
  RoomResult,
  RoomSnapshot,
  RoomCommandOf,
  Via,
} from './types.ts';

export class Room {
  readonly consultationId: string;
  readonly meshMax: number;
  readonly policy: EntryPolicy | null;
  /** How the call's media travels: peer to peer (`mesh`) or through the SFU. */
  readonly media: MediaMode;
  /** Who must be identified how to be in the call (issue 8); null: no identity rules. */
  readonly requirements: IdentificationRequirements | null;
  #isLocked: boolean;
  readonly #participants = new ParticipantTable();
  #startedAt: Date | null;
  #endedAt: Date | null;
  /** Effects of the command being applied; replaced by `apply`. */
  #fx = new RoomEffects();

  /**
   * Rebuilds a room from durable state; nobody is connected until they join or resume. Someone
   * stored as waiting gets a grace period (after a restart they may never come back).
   */
  constructor(snapshot: RoomSnapshot) {
    if (snapshot.meshMax < 2) throw new TypeError('meshMax must be at least 2');
    this.consultationId = snapshot.consultationId;
    this.meshMax = snapshot.meshMax;
    this.policy = snapshot.policy ?? null;
    this.media = snapshot.media ?? 'mesh';
    this.requirements = snapshot.requirements ?? null;
    this.#isLocked = snapshot.isLocked ?? false;
    this.#startedAt = snapshot.startedAt;
    this.#endedAt = snapshot.endedAt;
    for (const seed of snapshot.participants) this.#participants.add(seed, false).isInGrace = seed.state === 'waiting';
  }

  get isLocked(): boolean {
    return this.#isLocked;
  }

  /** Most participants admitted at once (seats.ts). */
  get capacity(): number {
    return capacityOf(this);
  }

  /** Where someone arriving goes (seats.ts). */
  entryStateOf(p: Pick<RoomParticipant, 'role' | 'userId' | 'identification'>): 'waiting' | 'admitted' {
    // A member not identified as the call requires waits; admitting them is refused until they are.
    if (p.role !== 'host' && !isIdentifiedEnough(p, this.requirements)) return 'waiting';
    return entryStateOf(this, this.admittedCount, p);
  }

  /**
   * Why a newcomer with `role` may not enter now (null: they may). The shell asks before it
   * creates the newcomer's row; `join` applies the same rule.
   */
  newcomerRefusal(role: ParticipantRole): ErrorCode | null {
    if (this.#endedAt !== null) return 'CONSULTATION_ENDED';
    // A locked meeting lets nobody new in, not even to wait.
    if (this.#isLocked && role !== 'host') return 'FORBIDDEN';
    return null;
  }

  /** How a link's holder opening it again arrives (asked before a row is made): see other-device.ts. */
  reopenedLink(holderId: string): ReopenedLink {
    const holder = this.#participants.find(holderId);
    if (holder === undefined) throw new TypeError('reopenedLink for an unknown participant');
    return reopenedLinkEntry(holder);
  }

  get isEnded(): boolean {
    return this.#endedAt !== null;
  }

  get startedAt(): Date | null {
    return this.#startedAt;
  }

  get admittedCount(): number {
    return this.#participants.admittedCount;
  }

  participant(id: string): Readonly<RoomParticipant> | undefined {
    return this.#participants.find(id);
  }

  participants(): readonly Readonly<RoomParticipant>[] {
    return [...this.#participants.values()];
  }

  /** Who is here, for queries (`isInCall`, `ofUser`); changed only by `apply`. */
  get members(): ParticipantQueries {
    return this.#participants;
  }

  /**
   * Applies one command. On refusal nothing has changed. `via`: the connection the command came
   * through; one that a newer connection took over is refused with NOT_JOINED.
   */
  apply(command: RoomCommand, via?: Via): RoomResult {
    this.#fx = new RoomEffects();
    try {
      if (via !== undefined && this.#participants.find(via.participantId)?.epoch !== via.epoch) refuse('NOT_JOINED');
      if (this.#endedAt !== null) refuse('CONSULTATION_ENDED');
      this.#dispatch(command);
      return { ok: true, effects: this.#fx.list };
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, code: error.code };
      throw error;
    } finally {
      this.#fx = new RoomEffects();
    }
  }

  #dispatch(c: RoomCommand): void {
    switch (c.type) {
      case 'join':
        return this.#join(c.participant, c.at);
      case 'rejoin':
      case 'resume':
        return this.#comeBack(c);
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
      case 'recordIdShownInVideo':
        recordIdShownInVideo(this.#fx, this.#host(c.actorId), this.#participants.get(c.participantId));
        return this.#afterPresenceChange();
      case 'leave': {
        const p = this.#participants.get(c.participantId);
        if (!isPresent(p)) refuse('INVALID_STATE');
        this.#depart(p, 'left', c.at);
        this.#fx.audit('left', p.id, p.id);
        this.#fx.push({ kind: 'disconnect', participantId: p.id });
        this.#afterPresenceChange();
        return;
      }
      case 'disconnect':
        return disconnect(this.#participants, c, () => this.#broadcastRoster());
      case 'graceExpired':
        return this.#graceExpired(c.participantId, c.at);
      case 'mediaState':
        return mediaState(this.#participants, c, () => this.#broadcastRoster());
      case 'signal':
        return relaySignal(this.#participants, this.#fx, c);
      case 'end':
        return this.#end(c.actorId, c.at);
      case 'lock':
        return this.#lock(c.actorId, c.isLocked);
    }
  }

  #join(seed: ParticipantSeed, at: Date): void {
    if (this.#participants.has(seed.id)) refuse('INVALID_STATE');
    const refusal = this.newcomerRefusal(seed.role);
    if (refusal !== null) refuse(refusal);
    if (seed.role === 'host') requireIdentified({ ...seed, userId: seed.userId ?? null }, this.requirements);
    const p = this.#participants.add({ ...seed, state: 'left', waitingSince: null }, true);
    this.#welcome(p, this.entryStateOf(p));
    this.#enter(p, at);
  }

  /**
   * Same link or host again (`rejoin`), or a resume token (`resume`; its hash, when given, must be
   * the room's): the participant keeps its place. With `takeOver` this connection replaces any
   * other the participant had.
   */
  #comeBack(c: RoomCommandOf<'rejoin' | 'resume'>): void {
    const p = this.#participants.get(c.participantId);
    if (c.type === 'resume') {
      if (c.presentedTokenHash !== undefined && c.presentedTokenHash !== p.resumeTokenHash) refuse('RESUME_INVALID');
      if (p.state === 'declined' || p.state === 'removed') refuse('RESUME_INVALID');
    }
    // A locked meeting: someone gone may not come back in, not even to wait.
    if (!isPresent(p) && this.#isLocked && p.role !== 'host') refuse('FORBIDDEN');
    // A member comes back with the identification of the login they came back with.
    const identification = c.identification ?? p.identification;
    if (p.role === 'host') requireIdentified({ ...p, identification }, this.requirements);
    this.#fx.setState(p, { identification });
    if (c.takeOver !== undefined) {
      p.epoch += 1;
      p.resumeTokenHash = c.takeOver.resumeTokenHash;
      this.#fx.push({ kind: 'takeOver', participantId: p.id, epoch: p.epoch, resumeTokenHash: p.resumeTokenHash });
    }
    // Someone in the call, or a host, comes back into the call; everyone else waits.
    this.#welcome(p, p.state === 'admitted' || (p.state !== 'waiting' && p.role === 'host') ? 'admitted' : 'waiting');
    p.isConnected = true;
    p.isInGrace = false;
    if (isPresent(p)) {
      this.#greet(p);
      this.#broadcastRoster(p.id);
      return;
    }
    // Gone (left, declined, removed) and knocking again: back through the waiting room.
    this.#enter(p, c.at);
  }

  #welcome(p: RoomParticipant, state: 'waiting' | 'admitted'): void {
    this.#fx.push({ kind: 'welcome', participantId: p.id, epoch: p.epoch, state });
  }

  /** Puts a connected, absent participant in the call (host) or the waiting room (others). */
  #enter(p: RoomParticipant, at: Date): void {
    if (this.entryStateOf(p) === 'admitted') {
      this.#fx.setState(p, { state: 'admitted', waitingSince: null, firstJoinedAt: p.firstJoinedAt ?? at });
      this.#fx.audit('joined', p.id, p.id);
      this.#maybeStart(at);
    } else {
      this.#fx.setState(p, { state: 'waiting', waitingSince: at });
      this.#fx.audit('waiting', p.id, p.id);
    }
    this.#greet(p);
    this.#afterPresenceChange(p.id);
  }

  #admit(actorId: string, participantId: string, at: Date): void {
    this.#host(actorId);
    const p = this.#participants.get(participantId);
    if (p.state !== 'waiting') refuse('INVALID_STATE');
    requireIdentified(p, this.requirements);
    // Another device of a link in the call takes that seat, it does not add one.
    const seats = seatHolderOf(p, this.#participants.values()) === undefined ? 0 : 1;
    if (this.admittedCount - seats >= this.capacity) refuse(fullCodeOf(this));
    this.#fx.setState(p, { state: 'admitted', waitingSince: null, firstJoinedAt: p.firstJoinedAt ?? at });
    p.isInGrace = false;
    this.#fx.audit('admitted', actorId, p.id);
    passSeat(this.#fx, p, this.#participants.values(), actorId, (previous) => this.#depart(previous, 'left', at));
    this.#maybeStart(at);
    if (p.isConnected) this.#greet(p);
    this.#afterPresenceChange(p.id);
  }

  #messageWaiting(participantId: string, text: string, at: Date): void {
    const target = this.#participants.get(participantId);
    if (target.state !== 'waiting') refuse('INVALID_STATE');
    this.#fx.notify(target.id, { type: 'hostMessage', text, sentAt: at });
  }

  #decline(actorId: string, participantId: string, reason: string | undefined, at: Date): void {
    this.#host(actorId);
    this.#declineWaiting(participantId, reason, { participantId: actorId }, at);
  }

  /** Declines someone waiting; the actor is the host in the call, or the owner from the dashboard. */
  #declineWaiting(participantId: string, reason: string | undefined, actor: Actor, at: Date): void {
    const p = this.#participants.get(participantId);
    if (p.state !== 'waiting') refuse('INVALID_STATE');
    this.#depart(p, 'declined', at);
    this.#fx.audit('declined', actor, p.id);
    this.#fx.notify(p.id, reason === undefined ? { type: 'declined' } : { type: 'declined', reason });
    this.#fx.push({ kind: 'disconnect', participantId: p.id });
    this.#afterPresenceChange();
  }

  #returnToWaiting(actorId: string, participantId: string, at: Date): void {
    this.#host(actorId);
    const p = this.#participants.get(participantId);
    if (p.state !== 'admitted' || p.role === 'host') refuse('INVALID_STATE');
    this.#fx.setState(p, { state: 'waiting', waitingSince: at });
    // Out of the call first: the SFU side hangs up before the participant hears it waits.
    this.#fx.membership(p.id, 'returnedToWaiting');
    this.#fx.audit('returned_to_waiting', actorId, p.id);
    this.#fx.notify(p.id, { type: 'returnedToWaiting' });
    this.#fx.notify(p.id, { type: 'waiting', since: at });
    p.isInGrace = !p.isConnected;
    this.#afterPresenceChange();
  }

  #remove(actorId: string, participantId: string, at: Date): void {
    this.#host(actorId);
    const p = this.#participants.get(participantId);
    if (!isPresent(p) || p.role === 'host') refuse('INVALID_STATE');
    this.#depart(p, 'removed', at);
    this.#fx.audit('removed', actorId, p.id);
    this.#fx.notify(p.id, { type: 'removed' });
    this.#fx.push({ kind: 'disconnect', participantId: p.id });
    this.#afterPresenceChange();
  }

  #graceExpired(participantId: string, at: Date): void {
    const p = this.#participants.get(participantId);
    // A stale timer: the person came back, or already went.
    if (!p.isInGrace || p.isConnected) return;
    p.isInGrace = false;
    if (p.state === 'admitted') {
      // Still in the call, and may resume; only the media kept for it (its SFU session) ends.
      this.#fx.membership(p.id, 'away');
      return;
    }
    if (p.state !== 'waiting') return;
    this.#depart(p, 'left', at);
    this.#fx.audit('left', null, p.id);
    this.#afterPresenceChange();
  }

  #end(actorId: string, at: Date): void {
    this.#host(actorId);
    for (const p of this.#participants.values()) {
      if (!isPresent(p)) continue;
      this.#depart(p, 'left', at, 'ended');
      this.#fx.notify(p.id, { type: 'ended', endedAt: at });
      this.#fx.push({ kind: 'disconnect', participantId: p.id });
    }
    this.#endedAt = at;
    this.#fx.audit('ended', actorId, null);
    this.#fx.push({ kind: 'ended', at }, { kind: 'dashboardChanged' });
  }

  #lock(actorId: string, isLocked: boolean): void {
    this.#host(actorId);
    if (this.policy === null) refuse('INVALID_STATE');
    if (this.#isLocked === isLocked) return;
    this.#isLocked = isLocked;
    this.#fx.push({ kind: 'locked', isLocked });
    for (const p of this.#participants.values()) {
      if (p.state === 'admitted' && p.isConnected) this.#fx.notify(p.id, { type: 'locked', isLocked });
    }
  }

  // ---------- helpers ----------

  /** The actor of a host action: must be this room's host and in the call. */
  #host(actorId: string): RoomParticipant {
    const actor = this.#participants.get(actorId);
    if (actor.role !== 'host') refuse('NOT_HOST');
    if (actor.state !== 'admitted') refuse('INVALID_STATE');
    return actor;
  }

  /** Moves a present participant out; someone who was in the call gets a `lastLeftAt`. */
  #depart(p: RoomParticipant, state: 'left' | 'declined' | 'removed', at: Date, why: 'ended' | null = null): void {
    const patch: ParticipantPatch = { state, waitingSince: null };
    if (p.state === 'admitted') patch.lastLeftAt = at;
    this.#fx.setState(p, patch);
    p.isInGrace = false;
    this.#fx.membership(p.id, why ?? state);
  }

  #maybeStart(at: Date): void {
    if (this.#startedAt !== null) return;
    const admitted = [...this.#participants.values()].filter((p) => p.state === 'admitted');
    // Started when the host and someone else are in the call together.
    if (admitted.length >= 2 && admitted.some((p) => p.role === 'host')) {
      this.#startedAt = at;
      this.#fx.push({ kind: 'started', at });
    }
  }

  #greet(p: RoomParticipant): void {
    greet(this.#fx, p, this.#participants.values(), this.#startedAt);
  }

  #afterPresenceChange(exceptId?: string): void {
    this.#broadcastRoster(exceptId);
    this.#fx.push({ kind: 'dashboardChanged' });
  }

  #broadcastRoster(exceptId?: string): void {
    broadcastRoster(this.#fx, this.#participants.values(), this.#startedAt, exceptId);
  }
}
