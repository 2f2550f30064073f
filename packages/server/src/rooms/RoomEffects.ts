/**
 * The effects one command of a room produces, collected in order. Durable changes go through
 * `setState`, which records only what differs from what the room (and so the database) holds:
 * the room is loaded from the participants table and every change it makes is written back, so
 * its own state is the mirror, and no second copy is needed to skip writes that change nothing.
 */
import type { AuditAction } from '@samtale/protocol';
import type { MembershipChange, ParticipantPatch, RoomEffect, RoomNotice, RoomParticipant } from './types.ts';

/** Who acts: a participant in the call, or a user (the owner) from the dashboard. */
export type Actor = { participantId: string } | { userId: string };

const isSame = (a: Date | string | null, b: Date | string | null): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

export class RoomEffects {
  readonly list: RoomEffect[] = [];

  notify(to: string, notice: RoomNotice): void {
    this.list.push({ kind: 'notify', to, notice });
  }

  membership(participantId: string, change: MembershipChange): void {
    this.list.push({ kind: 'membership', participantId, change });
  }

  push(...effects: RoomEffect[]): void {
    this.list.push(...effects);
  }

  /** Changes `p` and records a `persist` of the columns that really changed (none: nothing recorded). */
  setState(p: RoomParticipant, patch: ParticipantPatch): void {
    const changed: ParticipantPatch = {};
    for (const key of ['state', 'waitingSince', 'firstJoinedAt', 'lastLeftAt'] as const) {
      const value = patch[key];
      if (value === undefined || isSame(value, p[key])) continue;
      Object.assign(changed, { [key]: value });
      Object.assign(p, { [key]: value });
    }
    if (
      patch.identification !== undefined &&
      JSON.stringify(patch.identification) !== JSON.stringify(p.identification)
    ) {
      changed.identification = patch.identification;
      p.identification = patch.identification;
    }
    if (Object.keys(changed).length > 0) this.list.push({ kind: 'persist', participantId: p.id, patch: changed });
  }

  audit(action: AuditAction, actor: string | Actor | null, subjectId: string | null): void {
    const who = typeof actor === 'string' ? { participantId: actor } : actor;
    this.list.push({
      kind: 'audit',
      action,
      actorParticipantId: who !== null && 'participantId' in who ? who.participantId : null,
      subjectParticipantId: subjectId,
      ...(who !== null && 'userId' in who ? { actorUserId: who.userId } : {}),
    });
  }
}
