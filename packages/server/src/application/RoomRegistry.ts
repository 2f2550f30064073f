/**
 * Owns the live rooms of this node. Each room has exactly one owner at a time: every task on a
 * consultation runs through a per-consultation serial queue, so no two async mutations
 * interleave. Rooms are loaded lazily from the participants table — which is what makes a
 * server restart invisible to an admitted participant who resumes — and dropped from memory
 * when nobody is connected.
 */
import type { FastifyBaseLogger } from 'fastify';
import { policyFor, type IceServer, type MediaMode } from '@samtale/protocol';
import type { Bus } from '../cluster/Bus.ts';
import { AppError } from '../errors.ts';
import { Room } from '../rooms/Room.ts';
import type { ParticipantPatch, RoomCommand, RoomEffect, RoomResult } from '../rooms/types.ts';
import type { ConsultationChange, NewAuditEvent, ParticipantRow, Storage } from '../storage/types.ts';
import { publishDashboardChanged, roomChannel, type RoomBusMessage } from './channels.ts';
import { KeyedQueue } from './KeyedQueue.ts';
import { seedFromRow, toServerMessage } from './notices.ts';

export interface RoomRegistryOptions {
  storage: Storage;
  bus: Bus;
  meshMax: number;
  iceServersFor: (participantId: string) => IceServer[];
  now: () => Date;
  /** How long a waiting participant may stay disconnected before counting as left. */
  waitingGraceMs: number;
  log: FastifyBaseLogger;
}

interface RoomEntry {
  room: Room;
  ownerUserId: string;
  media: MediaMode;
  /** Newest connection epoch per participant; a close from an older connection is ignored. */
  epochs: Map<string, number>;
  /** The account behind a participant (hosts), for the audit trail's actor. */
  userIds: Map<string, string | null>;
  /** Each participant's room state as the participants table holds it: writes that change nothing are skipped. */
  stored: Map<string, StoredState>;
}

type StoredState = Required<ParticipantPatch>;

/** An audit event a task records about its room; written with the command's own events. */
export type RoomAuditEvent = Omit<NewAuditEvent, 'consultationId'>;

function storedStateOf(row: ParticipantRow): StoredState {
  return {
    state: row.state,
    waitingSince: row.waitingSince,
    firstJoinedAt: row.firstJoinedAt,
    lastLeftAt: row.lastLeftAt,
  };
}

const isSame = (a: Date | string | null, b: Date | string | null): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** The part of `patch` that differs from `stored`. */
function changesOf(stored: StoredState, patch: ParticipantPatch): ParticipantPatch {
  const changes: ParticipantPatch = {};
  for (const key of Object.keys(stored) as (keyof StoredState)[]) {
    const value = patch[key];
    if (value !== undefined && !isSame(value, stored[key])) Object.assign(changes, { [key]: value });
  }
  return changes;
}

/** What a task may do with the room it owns for the moment. */
export interface RoomTask {
  readonly room: Room;
  /**
   * Applies a command and carries out its effects: persist, audit, then publish. `audit` events
   * (the task's own, e.g. a link used) are written before the command's, in the same append, and
   * are written even when the room refuses the command.
   */
  apply(command: RoomCommand, audit?: readonly RoomAuditEvent[]): Promise<RoomResult>;
  /** The newest connection epoch of `participantId` (undefined if unknown). */
  epochOf(participantId: string): number | undefined;
  /** Adds a freshly created participant row to the room's bookkeeping (before `join`). */
  register(row: ParticipantRow): void;
  /**
   * Gives `participantId` to a new connection: bumps its epoch, stores the new resume token hash,
   * and tells the older connection it was superseded. Returns the new epoch.
   */
  takeOver(participantId: string, resumeTokenHash: string): Promise<number>;
}

export class RoomRegistry {
  readonly #o: RoomRegistryOptions;
  readonly #queue = new KeyedQueue();
  readonly #rooms = new Map<string, RoomEntry>();
  readonly #graceTimers = new Map<string, { consultationId: string; timer: NodeJS.Timeout }>();
  #isClosed = false;

  constructor(options: RoomRegistryOptions) {
    this.#o = options;
  }

  /** Runs `task` as the room's only owner. Throws AppError CONSULTATION_NOT_FOUND for an unknown id. */
  withRoom<T>(consultationId: string, task: (t: RoomTask) => Promise<T>): Promise<T> {
    return this.#queue.run(consultationId, async () => {
      const entry = await this.#load(consultationId);
      try {
        return await task(this.#taskFor(consultationId, entry));
      } catch (error) {
        // Memory may now disagree with the database; the next task reloads the truth.
        if (!(error instanceof AppError)) this.#rooms.delete(consultationId);
        throw error;
      } finally {
        this.#settle(consultationId);
      }
    });
  }

  /** Applies one command to a room. */
  execute(consultationId: string, command: RoomCommand): Promise<RoomResult> {
    return this.withRoom(consultationId, (t) => t.apply(command));
  }

  /** A connection closed: the participant is disconnected unless a newer connection took over. */
  disconnect(consultationId: string, participantId: string, epoch: number): Promise<void> {
    return this.withRoom(consultationId, async (t) => {
      if (t.epochOf(participantId) !== epoch) return;
      await t.apply({ type: 'disconnect', participantId, at: this.#o.now() });
    });
  }

  /** Stops grace timers and waits for running tasks. */
  async close(): Promise<void> {
    this.#isClosed = true;
    for (const { timer } of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
    await this.#queue.drain();
  }

  async #load(consultationId: string): Promise<RoomEntry> {
    const cached = this.#rooms.get(consultationId);
    if (cached !== undefined) return cached;
    const consultation = await this.#o.storage.consultations.get(consultationId);
    if (consultation === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
    const rows = await this.#o.storage.participants.listByConsultation(consultationId);
    const entry: RoomEntry = {
      room: new Room({
        consultationId,
        meshMax: this.#o.meshMax,
        startedAt: consultation.startedAt,
        endedAt: consultation.status === 'ended' ? (consultation.endedAt ?? consultation.createdAt) : null,
        participants: rows.map(seedFromRow),
        ...(consultation.kind === 'consultation'
          ? {}
          : { policy: policyFor(consultation.kind, consultation.hasPersonalData), isLocked: consultation.isLocked }),
      }),
      ownerUserId: consultation.ownerUserId,
      media: consultation.media,
      epochs: new Map(rows.map((r) => [r.id, r.connectionEpoch])),
      userIds: new Map(rows.map((r) => [r.id, r.userId])),
      stored: new Map(rows.map((r) => [r.id, storedStateOf(r)])),
    };
    this.#rooms.set(consultationId, entry);
    return entry;
  }

  #taskFor(consultationId: string, entry: RoomEntry): RoomTask {
    const { storage, bus } = this.#o;
    return {
      room: entry.room,
      apply: async (command, audit = []) => {
        const result = entry.room.apply(command);
        const leading = audit.map((e) => ({ ...e, consultationId }));
        if (result.ok) await this.#carryOut(consultationId, entry, result.effects, leading);
        else await storage.audit.appendAll(leading, this.#o.now());
        return result;
      },
      epochOf: (participantId) => entry.epochs.get(participantId),
      register: (row) => {
        entry.epochs.set(row.id, row.connectionEpoch);
        entry.userIds.set(row.id, row.userId);
        entry.stored.set(row.id, storedStateOf(row));
      },
      takeOver: async (participantId, resumeTokenHash) => {
        const epoch = (entry.epochs.get(participantId) ?? 0) + 1;
        await storage.participants.update(participantId, { connectionEpoch: epoch, resumeTokenHash });
        entry.epochs.set(participantId, epoch);
        await bus.publish(roomChannel(consultationId), {
          kind: 'superseded',
          participantId,
          epoch,
        } satisfies RoomBusMessage);
        return epoch;
      },
    };
  }

  /**
   * Durable effects first (so what is told is already true), then the messages in order. All of a
   * command's durable effects (after `leading`) are written together: one statement, one
   * hash-chain step, and nothing the participants table already holds.
   */
  async #carryOut(
    consultationId: string,
    entry: RoomEntry,
    effects: readonly RoomEffect[],
    leading: readonly NewAuditEvent[],
  ): Promise<void> {
    const { storage, bus, now } = this.#o;
    const audit = [...leading];
    const patches = new Map<string, ParticipantPatch>();
    let consultation: ConsultationChange | undefined;
    const changeConsultation = (change: ConsultationChange): void => {
      if (consultation !== undefined) throw new TypeError('a room command changed its consultation twice');
      consultation = change;
    };
    for (const e of effects) {
      if (e.kind === 'persist') patches.set(e.participantId, { ...patches.get(e.participantId), ...e.patch });
      else if (e.kind === 'audit') {
        audit.push({
          action: e.action,
          actorParticipantId: e.actorParticipantId,
          actorUserId:
            e.actorUserId ?? (e.actorParticipantId === null ? null : (entry.userIds.get(e.actorParticipantId) ?? null)),
          consultationId,
          subjectParticipantId: e.subjectParticipantId,
        });
      } else if (e.kind === 'started' || e.kind === 'ended') changeConsultation({ kind: e.kind, at: e.at });
      else if (e.kind === 'locked') changeConsultation({ kind: 'locked', isLocked: e.isLocked });
    }
    const participants = new Map<string, ParticipantPatch>();
    for (const [id, patch] of patches) {
      const stored = entry.stored.get(id);
      const changes = stored === undefined ? patch : changesOf(stored, patch);
      if (Object.keys(changes).length > 0) participants.set(id, changes);
    }
    await storage.rooms.record(
      { consultationId, participants, audit, ...(consultation === undefined ? {} : { consultation }) },
      now(),
    );
    for (const [id, changes] of participants) {
      const stored = entry.stored.get(id);
      if (stored !== undefined) entry.stored.set(id, { ...stored, ...changes });
    }
    const channel = roomChannel(consultationId);
    const media = { meshMax: entry.room.meshMax, mode: entry.media };
    let isDashboardChanged = false;
    for (const e of effects) {
      if (e.kind === 'notify') {
        const message = toServerMessage(e.notice, { ...media, iceServers: () => this.#o.iceServersFor(e.to) });
        await bus.publish(channel, { kind: 'deliver', to: e.to, message } satisfies RoomBusMessage);
      } else if (e.kind === 'disconnect') {
        await bus.publish(channel, { kind: 'close', participantId: e.participantId } satisfies RoomBusMessage);
      } else if (e.kind === 'dashboardChanged') isDashboardChanged = true;
    }
    if (isDashboardChanged) await publishDashboardChanged(bus, entry.ownerUserId);
  }

  /** After each task: keep grace timers in step with the room, and drop rooms nobody is in. */
  #settle(consultationId: string): void {
    const entry = this.#rooms.get(consultationId);
    if (entry === undefined) return;
    const { room } = entry;
    for (const p of room.participants()) {
      const isGraceRunning = p.state === 'waiting' && !p.isConnected && !room.isEnded;
      const current = this.#graceTimers.get(p.id);
      if (isGraceRunning && current === undefined && !this.#isClosed) {
        const timer = setTimeout(() => this.#expireWaiting(consultationId, p.id), this.#o.waitingGraceMs);
        timer.unref();
        this.#graceTimers.set(p.id, { consultationId, timer });
      } else if (!isGraceRunning && current !== undefined) {
        clearTimeout(current.timer);
        this.#graceTimers.delete(p.id);
      }
    }
    if (room.isEnded || room.participants().every((p) => !p.isConnected)) this.#rooms.delete(consultationId);
  }

  #expireWaiting(consultationId: string, participantId: string): void {
    this.#graceTimers.delete(participantId);
    if (this.#isClosed) return;
    this.execute(consultationId, { type: 'waitingExpired', participantId, at: this.#o.now() }).catch(
      (error: unknown) => {
        this.#o.log.error(
          { errorName: error instanceof Error ? error.name : typeof error },
          'waiting grace expiry failed',
        );
      },
    );
  }
}
