/**
 * Owns the live rooms of this node. Each room has exactly one owner at a time: every task on a
 * consultation runs through a per-consultation serial queue, so no two async mutations
 * interleave. Rooms are loaded lazily from the participants table — which is what makes a
 * server restart invisible to an admitted participant who resumes — and dropped from memory
 * when nobody is connected and no grace period runs. The room decides; this class carries out
 * its effects (persist, audit, publish) and keeps one timer per participant in grace.
 */
import type { FastifyBaseLogger } from 'fastify';
import { policyFor, type IceServer, type MediaMode } from '@samtale/protocol';
import type { Bus } from '../cluster/Bus.ts';
import { AppError } from '../errors.ts';
import { Room } from '../rooms/Room.ts';
import type { RoomCommand, RoomEffect, RoomResult, Via } from '../rooms/types.ts';
import type { ConsultationChange, NewAuditEvent, ParticipantStateChanges, Storage } from '../storage/types.ts';
import { publishDashboardChanged, roomChannel, type RoomBusMessage } from './channels.ts';
import { KeyedQueue } from './KeyedQueue.ts';
import { seedFromRow, toServerMessage } from './notices.ts';
import { requirementsOfCall } from '../auth/identification-policy.ts';

export interface RoomRegistryOptions {
  storage: Storage;
  bus: Bus;
  meshMax: number;
  /**
   * Whether this server has an SFU (JANUS_URL, or a local Janus it supervises). Without one a
   * meeting runs peer to peer (mesh) like a consultation, for at most `meshMax` people.
   */
  hasSfu: boolean;
  iceServersFor: (participantId: string) => IceServer[];
  now: () => Date;
  /**
   * How long a disconnected participant keeps its place: someone waiting then counts as left,
   * a member of the call is `away` (its SFU session ends).
   */
  graceMs: number;
  log: FastifyBaseLogger;
}

interface RoomEntry {
  room: Room;
  ownerUserId: string;
  /** Meetings only: how its media travels, as `admitted` says (consultations: mesh, unsaid). */
  meetingMedia: MediaMode | null;
}

/** An audit event a task records about its room; written with the command's own events. */
export type RoomAuditEvent = Omit<NewAuditEvent, 'consultationId'>;

export type WelcomeEffect = Extract<RoomEffect, { kind: 'welcome' }>;

export interface ApplyOptions {
  /** Events of the task itself (e.g. a link used), written before the command's, even on a refusal. */
  audit?: readonly RoomAuditEvent[];
  /** The connection the command came through (the room refuses one that was taken over). */
  via?: Via;
  /** Binds the arriving connection: called at the `welcome` effect, before anything is published. */
  onWelcome?: (welcome: WelcomeEffect) => void;
}

/** What a task may do with the room it owns for the moment. */
export interface RoomTask {
  readonly room: Room;
  /** Applies a command and carries out its effects: persist and audit together, then publish in order. */
  apply(command: RoomCommand, options?: ApplyOptions): Promise<RoomResult>;
}

export class RoomRegistry {
  readonly #o: RoomRegistryOptions;
  readonly #queue = new KeyedQueue();
  readonly #rooms = new Map<string, RoomEntry>();
  readonly #graceTimers = new Map<string, NodeJS.Timeout>();
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

  /**
   * The live room, read without the queue (undefined when it is not in memory). Safe: a room
   * changes only inside `apply`, which is synchronous; what it then publishes comes after.
   */
  peek(consultationId: string): Room | undefined {
    return this.#rooms.get(consultationId)?.room;
  }

  /** Applies one command to a room. */
  execute(consultationId: string, command: RoomCommand, options?: ApplyOptions): Promise<RoomResult> {
    return this.withRoom(consultationId, (t) => t.apply(command, options));
  }

  /** A connection closed: the participant is disconnected unless a newer connection took over. */
  async disconnect(consultationId: string, participantId: string, epoch: number): Promise<void> {
    await this.execute(consultationId, { type: 'disconnect', participantId, epoch, at: this.#o.now() });
  }

  /** Stops grace timers and waits for running tasks. */
  async close(): Promise<void> {
    this.#isClosed = true;
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
    await this.#queue.drain();
  }

  async #load(consultationId: string): Promise<RoomEntry> {
    const cached = this.#rooms.get(consultationId);
    if (cached !== undefined) return cached;
    const consultation = await this.#o.storage.consultations.get(consultationId);
    if (consultation === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
    const rows = await this.#o.storage.participants.listByConsultation(consultationId);
    const { kind } = consultation;
    const isMeeting = kind !== 'consultation';
    const requirements = await requirementsOfCall(this.#o.storage, consultation);
    // The choice is the server's, which knows whether it has an SFU: without one, mesh.
    const media: MediaMode = consultation.media === 'sfu' && this.#o.hasSfu ? 'sfu' : 'mesh';
    const entry: RoomEntry = {
      room: new Room({
        consultationId,
        meshMax: this.#o.meshMax,
        startedAt: consultation.startedAt,
        endedAt: consultation.status === 'ended' ? (consultation.endedAt ?? consultation.createdAt) : null,
        participants: rows.map(seedFromRow),
        media,
        requirements,
        ...(kind === 'consultation'
          ? {}
          : { policy: policyFor(kind, consultation.hasPersonalData), isLocked: consultation.isLocked }),
      }),
      ownerUserId: consultation.ownerUserId,
      meetingMedia: isMeeting ? media : null,
    };
    this.#rooms.set(consultationId, entry);
    return entry;
  }

  #taskFor(consultationId: string, entry: RoomEntry): RoomTask {
    return {
      room: entry.room,
      apply: async (command, options = {}) => {
        const result = entry.room.apply(command, options.via);
        const leading = (options.audit ?? []).map((e) => ({ ...e, consultationId }));
        if (result.ok) await this.#carryOut(consultationId, entry, result.effects, leading, options.onWelcome);
        else await this.#o.storage.audit.appendAll(leading, this.#o.now());
        return result;
      },
    };
  }

  /**
   * Durable effects first (so what is told is already true), then the messages in order. All of a
   * command's durable effects (after `leading`) are written together: one statement, one
   * hash-chain step. The room records only columns that changed, so nothing is written twice.
   */
  async #carryOut(
    consultationId: string,
    entry: RoomEntry,
    effects: readonly RoomEffect[],
    leading: readonly NewAuditEvent[],
    onWelcome: ApplyOptions['onWelcome'],
  ): Promise<void> {
    const { storage, bus, now } = this.#o;
    const { room } = entry;
    const audit = [...leading];
    const participants = new Map<string, ParticipantStateChanges>();
    const change = (id: string, c: ParticipantStateChanges): void => {
      participants.set(id, { ...participants.get(id), ...c });
    };
    const links = new Map<string, string>();
    let consultation: ConsultationChange | undefined;
    const changeConsultation = (next: ConsultationChange): void => {
      if (consultation !== undefined) throw new TypeError('a room command changed its consultation twice');
      consultation = next;
    };
    for (const e of effects) {
      if (e.kind === 'persist') change(e.participantId, e.patch);
      else if (e.kind === 'takeOver') {
        change(e.participantId, { connectionEpoch: e.epoch, resumeTokenHash: e.resumeTokenHash });
      } else if (e.kind === 'audit') {
        const actor = e.actorParticipantId === null ? undefined : room.participant(e.actorParticipantId);
        audit.push({
          action: e.action,
          actorParticipantId: e.actorParticipantId,
          actorUserId: e.actorUserId ?? actor?.userId ?? null,
          consultationId,
          subjectParticipantId: e.subjectParticipantId,
        });
      } else if (e.kind === 'started' || e.kind === 'ended') changeConsultation({ kind: e.kind, at: e.at });
      else if (e.kind === 'locked') changeConsultation({ kind: 'locked', isLocked: e.isLocked });
      else if (e.kind === 'linkHeld') links.set(e.linkId, e.participantId);
    }
    await storage.rooms.record(
      { consultationId, participants, links, audit, ...(consultation === undefined ? {} : { consultation }) },
      now(),
    );
    const channel = roomChannel(consultationId);
    const publish = (m: RoomBusMessage): Promise<void> => bus.publish(channel, m);
    const media = { meshMax: room.meshMax, ...(entry.meetingMedia === null ? {} : { mode: entry.meetingMedia }) };
    let isDashboardChanged = false;
    for (const e of effects) {
      switch (e.kind) {
        case 'takeOver':
          await publish({ kind: 'superseded', participantId: e.participantId, epoch: e.epoch });
          break;
        case 'welcome':
          onWelcome?.(e);
          break;
        case 'membership':
          await publish({ kind: 'membership', participantId: e.participantId, change: e.change });
          break;
        case 'notify': {
          const message = toServerMessage(e.notice, { ...media, iceServers: () => this.#o.iceServersFor(e.to) });
          await publish({ kind: 'deliver', to: e.to, message });
          break;
        }
        case 'disconnect':
          await publish({ kind: 'close', participantId: e.participantId });
          break;
        case 'dashboardChanged':
          isDashboardChanged = true;
          break;
        default:
          break;
      }
    }
    if (isDashboardChanged) await publishDashboardChanged(bus, entry.ownerUserId);
  }

  /** After each task: one grace timer per participant the room has in grace; drop rooms nobody is in. */
  #settle(consultationId: string): void {
    const entry = this.#rooms.get(consultationId);
    if (entry === undefined) return;
    const { room } = entry;
    for (const p of room.participants()) {
      const isGraceRunning = p.isInGrace && !room.isEnded;
      const current = this.#graceTimers.get(p.id);
      if (isGraceRunning && current === undefined && !this.#isClosed) {
        const timer = setTimeout(() => this.#expireGrace(consultationId, p.id), this.#o.graceMs);
        timer.unref();
        this.#graceTimers.set(p.id, timer);
      } else if (!isGraceRunning && current !== undefined) {
        clearTimeout(current);
        this.#graceTimers.delete(p.id);
      }
    }
    const isIdle = room.participants().every((p) => !p.isConnected && !p.isInGrace);
    if (room.isEnded || isIdle) this.#rooms.delete(consultationId);
  }

  #expireGrace(consultationId: string, participantId: string): void {
    this.#graceTimers.delete(participantId);
    if (this.#isClosed) return;
    this.execute(consultationId, { type: 'graceExpired', participantId, at: this.#o.now() }).catch((error: unknown) => {
      this.#o.log.error({ errorName: error instanceof Error ? error.name : typeof error }, 'grace expiry failed');
    });
  }
}
