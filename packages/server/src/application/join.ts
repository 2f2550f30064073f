/**
 * Entering a consultation: as its host (session cookie), with an invitation link, or by resuming
 * with a resume token. Each runs inside the room's serial queue so that two devices opening the
 * same link at once cannot both create a participant.
 */
import { PROTOCOL_VERSION, type ClientMessageOf, type ParticipantRole } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { sessionUserFromCookieHeader } from '../auth/session.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import type { InvitationRow, ParticipantRow } from '../storage/types.ts';
import type { ConnectionPort, GatewayContext } from '../signaling/context.ts';
import { seedFromRow } from './notices.ts';
import type { RoomAuditEvent, RoomTask } from './RoomRegistry.ts';

export function checkEntry(conn: ConnectionPort, protocolVersion: number): void {
  if (conn.membership !== null) throw new AppError('ALREADY_JOINED');
  if (protocolVersion !== PROTOCOL_VERSION) throw new AppError('PROTOCOL_VERSION_UNSUPPORTED');
}

export function newResumeToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: sha256Hex(token) };
}

interface Arrival {
  participant: { id: string; role: ParticipantRole; displayName: string };
  state: 'waiting' | 'admitted';
  token: string;
  epoch: number;
}

function welcome(conn: ConnectionPort, consultationId: string, a: Arrival): void {
  conn.attach(
    { consultationId, participantId: a.participant.id, epoch: a.epoch },
    {
      type: 'welcome',
      protocolVersion: PROTOCOL_VERSION,
      participantId: a.participant.id,
      resumeToken: a.token,
      role: a.participant.role,
      displayName: a.participant.displayName,
      consultationId,
      state: a.state,
    },
  );
}

/** A known participant arrives on this connection (same link, host again, or resume). */
export async function arriveAgain(
  conn: ConnectionPort,
  t: RoomTask,
  consultationId: string,
  participantId: string,
  command: 'rejoin' | 'resume',
  now: Date,
): Promise<void> {
  const p = t.room.participant(participantId);
  if (p === undefined) throw new AppError('PARTICIPANT_NOT_FOUND');
  if (command === 'resume' && (p.state === 'declined' || p.state === 'removed')) throw new AppError('RESUME_INVALID');
  // A locked meeting: someone gone may not come back in, not even to wait (checked before `welcome`).
  if (t.room.isLocked && p.role !== 'host' && p.state !== 'waiting' && p.state !== 'admitted') {
    throw new AppError('FORBIDDEN');
  }
  const { token, hash } = newResumeToken();
  const epoch = await t.takeOver(participantId, hash);
  welcome(conn, consultationId, { participant: p, state: t.room.arrivalState(participantId), token, epoch });
  const result = await t.apply({ type: command, participantId, at: now });
  if (!result.ok) throw new AppError(result.code);
}

/** A new participant row enters the room on this connection; `audit` is written with its arrival. */
export async function arriveFirst(
  conn: ConnectionPort,
  t: RoomTask,
  row: ParticipantRow,
  token: string,
  now: Date,
  audit: readonly RoomAuditEvent[] = [],
): Promise<void> {
  if (t.room.isLocked && row.role !== 'host') throw new AppError('FORBIDDEN');
  t.register(row);
  welcome(conn, row.consultationId, {
    participant: row,
    state: t.room.entryStateOf(row),
    token,
    epoch: row.connectionEpoch,
  });
  const result = await t.apply({ type: 'join', participant: seedFromRow(row), at: now }, audit);
  if (!result.ok) throw new AppError(result.code);
}

/** Entry of a logged-in user (host or member): protocol version and session cookie checked. */
export async function signedInEntry(
  conn: ConnectionPort,
  ctx: GatewayContext,
  msg: ClientMessageOf<'join'>,
): Promise<{ auth: NonNullable<Awaited<ReturnType<typeof sessionUserFromCookieHeader>>>; now: Date }> {
  checkEntry(conn, msg.protocolVersion);
  const now = ctx.now();
  const auth = await sessionUserFromCookieHeader(ctx.storage, conn.cookieHeader, now);
  if (auth === undefined) throw new AppError('UNAUTHENTICATED');
  return { auth, now };
}

export async function joinAsHost(
  conn: ConnectionPort,
  ctx: GatewayContext,
  msg: ClientMessageOf<'join'>,
  consultationId: string,
): Promise<void> {
  const { auth, now } = await signedInEntry(conn, ctx, msg);
  const consultation = await ctx.storage.consultations.get(consultationId);
  if (consultation === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
  if (consultation.ownerUserId !== auth.user.id) throw new AppError('FORBIDDEN');
  if (consultation.status === 'ended') throw new AppError('CONSULTATION_ENDED');
  await ctx.registry.withRoom(consultationId, async (t) => {
    if (t.room.isEnded) throw new AppError('CONSULTATION_ENDED');
    const rows = await ctx.storage.participants.listByConsultation(consultationId);
    const existing = rows.find((r) => r.role === 'host' && r.userId === auth.user.id);
    if (existing !== undefined) return arriveAgain(conn, t, consultationId, existing.id, 'rejoin', now);
    const { token, hash } = newResumeToken();
    const row = await ctx.storage.participants.create({
      consultationId,
      role: 'host',
      displayName: auth.user.displayName,
      identity: 'local-account',
      userId: auth.user.id,
      invitationId: null,
      state: 'admitted',
      resumeTokenHash: hash,
      waitingSince: null,
      firstJoinedAt: now,
      lastLeftAt: null,
      consentedAt: null,
    });
    return arriveFirst(conn, t, row, token, now);
  });
}

export async function joinWithInvitation(
  conn: ConnectionPort,
  ctx: GatewayContext,
  msg: ClientMessageOf<'join'>,
  as: { invitationToken: string; displayName: string },
): Promise<void> {
  checkEntry(conn, msg.protocolVersion);
  const now = ctx.now();
  const tokenHash = sha256Hex(as.invitationToken);
  const found = await ctx.storage.invitations.findByTokenHash(tokenHash);
  if (found === undefined) throw new AppError('INVITATION_INVALID');
  const consultationId = found.consultationId;
  await ctx.registry.withRoom(consultationId, async (t) => {
    const used = (participantId: string): RoomAuditEvent => ({
      action: 'invitation_used',
      actorParticipantId: participantId,
      subjectParticipantId: participantId,
    });
    // `found` was read before the queue: a second device may have taken the link meanwhile, or
    // someone revoked it. Taking the link below is a compare-and-set on what was read, and only
    // when it loses is the link read again (one round per change, so this ends).
    for (let invitation: InvitationRow | undefined = found; ;) {
      if (invitation === undefined) throw new AppError('INVITATION_INVALID');
      if (t.room.isEnded) throw new AppError('CONSULTATION_ENDED');
      if (invitation.revokedAt !== null) throw new AppError('INVITATION_REVOKED');
      if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('INVITATION_EXPIRED');
      const holder = invitation.participantId;
      if (holder === null && t.room.isLocked) throw new AppError('FORBIDDEN');
      if (holder !== null && t.room.participant(holder) !== undefined) {
        await ctx.storage.audit.append({ ...used(holder), consultationId }, now);
        return arriveAgain(conn, t, consultationId, holder, 'rejoin', now);
      }
      const { token, hash } = newResumeToken();
      const row = await ctx.storage.participants.createTakingInvitation(
        {
          consultationId,
          role: invitation.role,
          displayName: as.displayName,
          identity: 'invitation-link',
          userId: null,
          invitationId: invitation.id,
          state: 'waiting',
          resumeTokenHash: hash,
          waitingSince: now,
          firstJoinedAt: null,
          lastLeftAt: null,
          consentedAt: now,
        },
        holder,
      );
      if (row === undefined) {
        invitation = await ctx.storage.invitations.findByTokenHash(tokenHash);
        continue;
      }
      const { id } = row;
      const consent: RoomAuditEvent = { action: 'consent_given', actorParticipantId: id, subjectParticipantId: id };
      return arriveFirst(conn, t, row, token, now, [used(id), consent]);
    }
  });
}

export async function resume(conn: ConnectionPort, ctx: GatewayContext, msg: ClientMessageOf<'resume'>): Promise<void> {
  checkEntry(conn, msg.protocolVersion);
  const tokenHash = sha256Hex(msg.resumeToken);
  const found = await ctx.storage.participants.findByResumeTokenHash(tokenHash);
  if (found === undefined) throw new AppError('RESUME_INVALID');
  await ctx.registry.withRoom(found.consultationId, async (t) => {
    if (t.room.isEnded) throw new AppError('CONSULTATION_ENDED');
    // Read again inside the queue: a concurrent resume may have used (and replaced) the token.
    const current = await ctx.storage.participants.get(found.id);
    if (current?.resumeTokenHash !== tokenHash) throw new AppError('RESUME_INVALID');
    return arriveAgain(conn, t, found.consultationId, found.id, 'resume', ctx.now());
  });
}
