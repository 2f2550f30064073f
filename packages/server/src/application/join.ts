/**
 * Entering a consultation: as its host (session cookie), with an invitation link, or by resuming
 * with a resume token. Each runs inside the room's serial queue so that two devices opening the
 * same link at once cannot both create a participant.
 */
import { PROTOCOL_VERSION, type ClientMessageOf, type Identification, type ParticipantRole } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { sessionUserFromCookieHeader } from '../auth/session.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';
import { identificationOfLogin, LINK_ONLY } from '../auth/identification.ts';
import type { InvitationRow, ParticipantRow } from '../storage/types.ts';
import type { ConnectionPort, EntryContext } from './connection-port.ts';
import type { RoomCommandOf } from '../rooms/types.ts';
import { isIdentifiedEnough } from '../rooms/identification.ts';
import { seedFromRow } from './notices.ts';
import type { RoomAuditEvent, RoomTask } from './RoomRegistry.ts';
import { checkConsentText, tellHosts } from './record-consent.ts';
import { idportenIdentificationOf } from '../auth/oidc/idporten-grants.ts';
import { idportenIdentification } from '../auth/oidc/idporten-identity.ts';

export function checkEntry(conn: ConnectionPort, protocolVersion: number): void {
  if (conn.membership !== null) throw new AppError('ALREADY_JOINED');
  if (protocolVersion !== PROTOCOL_VERSION) throw new AppError('PROTOCOL_VERSION_UNSUPPORTED');
}

export function newResumeToken(): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: sha256Hex(token) };
}

/**
 * A known participant arrives on this connection (same link, host again, or resume), or a new
 * participant row enters (`join`). The room decides whether it may, takes the participant over
 * for this connection and says where it stands; the connection is bound at the room's `welcome`,
 * before anything the command publishes, so it hears all of it. `audit`: written with the arrival.
 */
async function arrive(
  conn: ConnectionPort,
  t: RoomTask,
  command: RoomCommandOf<'join' | 'rejoin' | 'resume'>,
  token: string,
  audit: readonly RoomAuditEvent[] = [],
): Promise<void> {
  const { consultationId } = t.room;
  const result = await t.apply(command, {
    audit,
    onWelcome: ({ participantId, epoch, state }) => {
      const p = t.room.participant(participantId);
      if (p === undefined) throw new TypeError('welcome for an unknown participant');
      conn.attach(
        { consultationId, participantId, epoch },
        {
          type: 'welcome',
          protocolVersion: PROTOCOL_VERSION,
          participantId,
          resumeToken: token,
          role: p.role,
          displayName: p.displayName,
          consultationId,
          state,
        },
      );
    },
  });
  if (!result.ok) throw new AppError(result.code);
}

/** A known participant comes back on this connection with a fresh resume token. */
export function arriveAgain(
  conn: ConnectionPort,
  t: RoomTask,
  participantId: string,
  now: Date,
  audit: readonly RoomAuditEvent[] = [],
  identification?: Identification,
): Promise<void> {
  const { token, hash } = newResumeToken();
  const command = {
    type: 'rejoin',
    participantId,
    at: now,
    takeOver: { resumeTokenHash: hash },
    ...(identification === undefined ? {} : { identification }),
  } as const;
  return arrive(conn, t, command, token, audit);
}

/** A new participant row enters the room on this connection; `audit` is written with its arrival. */
export function arriveFirst(
  conn: ConnectionPort,
  t: RoomTask,
  row: ParticipantRow,
  token: string,
  now: Date,
  audit: readonly RoomAuditEvent[] = [],
): Promise<void> {
  return arrive(conn, t, { type: 'join', participant: seedFromRow(row), at: now }, token, audit);
}

/** Throws the room's refusal of a newcomer with `role` (asked before the newcomer's row is made). */
export function checkNewcomer(t: RoomTask, role: ParticipantRole): void {
  const refusal = t.room.newcomerRefusal(role);
  if (refusal !== null) throw new AppError(refusal);
}

/** Throws IDENTIFICATION_REQUIRED when `p` is not identified as the room's call requires. */
export function checkIdentified(
  t: RoomTask,
  p: { role: ParticipantRole; userId: string | null; identification: Identification },
): void {
  if (!isIdentifiedEnough(p, t.room.requirements)) throw new AppError('IDENTIFICATION_REQUIRED');
}

export type SignedIn = NonNullable<Awaited<ReturnType<typeof sessionUserFromCookieHeader>>>;

/**
 * The live login session of the connection's cookie, which the connection is then bound to (it
 * closes when the session ends). A socket opened by another site's page never acts signed in
 * (issue 8: a foreign page with the clinician's cookie read the dashboard and joined as host).
 */
export async function signedInSession(conn: ConnectionPort, ctx: EntryContext, now: Date): Promise<SignedIn> {
  if (conn.isFromForeignOrigin) {
    throw new AppError('FORBIDDEN', { message: "Signed-in connections must come from this service's own pages." });
  }
  const auth = await sessionUserFromCookieHeader(ctx.storage, conn.cookieHeader, now);
  if (auth === undefined) throw new AppError('UNAUTHENTICATED');
  conn.bindSession({ tokenHash: auth.tokenHash, expiresAt: auth.session.expiresAt });
  return auth;
}

/** Entry of a logged-in user (host or member): protocol version and session cookie checked. */
export async function signedInEntry(
  conn: ConnectionPort,
  ctx: EntryContext,
  msg: ClientMessageOf<'join'>,
): Promise<{ auth: SignedIn; now: Date }> {
  checkEntry(conn, msg.protocolVersion);
  const now = ctx.now();
  return { auth: await signedInSession(conn, ctx, now), now };
}

export async function joinAsHost(
  conn: ConnectionPort,
  ctx: EntryContext,
  msg: ClientMessageOf<'join'>,
  consultationId: string,
): Promise<void> {
  const { auth, now } = await signedInEntry(conn, ctx, msg);
  const consultation = await ctx.storage.consultations.get(consultationId);
  if (consultation === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
  if (consultation.ownerUserId !== auth.user.id) throw new AppError('FORBIDDEN');
  if (consultation.status === 'ended') throw new AppError('CONSULTATION_ENDED');
  await ctx.registry.withRoom(consultationId, (t) => arriveSignedIn(conn, t, ctx, auth, 'host', now));
}

/**
 * A logged-in user enters the room of `t`: again as the participant they were, or as a new one
 * with `role` (the room decides whether they wait).
 */
export async function arriveSignedIn(
  conn: ConnectionPort,
  t: RoomTask,
  ctx: EntryContext,
  auth: Pick<SignedIn, 'user' | 'session'>,
  role: 'host' | 'colleague',
  now: Date,
): Promise<void> {
  const { user } = auth;
  // How the member is identified comes from the login session they enter with (issue 8).
  const identification = identificationOfLogin(auth.session.loginMethod);
  // A consultation's host is found as its host; a meeting's member by account, whatever its role.
  const existing = t.room.members.ofUser(user.id, t.room.policy === null ? role : undefined);
  if (existing !== undefined) return arriveAgain(conn, t, existing.id, now, [], identification);
  checkNewcomer(t, role);
  // A host who may not be in this call is refused before their row is made.
  if (role === 'host') checkIdentified(t, { role, userId: user.id, identification });
  const { token, hash } = newResumeToken();
  const row = await ctx.storage.participants.create({
    consultationId: t.room.consultationId,
    role,
    displayName: user.displayName,
    identification,
    pidHmac: null,
    userId: user.id,
    invitationId: null,
    state: 'waiting',
    resumeTokenHash: hash,
    waitingSince: now,
    firstJoinedAt: null,
    lastLeftAt: null,
    consentedAt: null,
  });
  return arriveFirst(conn, t, row, token, now);
}

export async function joinWithInvitation(
  conn: ConnectionPort,
  ctx: EntryContext,
  msg: ClientMessageOf<'join'>,
  as: ClientMessageOf<'join'>['as'] & { kind: 'invitation' },
): Promise<void> {
  checkEntry(conn, msg.protocolVersion);
  const now = ctx.now();
  const reservation = ctx.linkLimiter.reserve(conn.address, now);
  if (!reservation.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: reservation.retryAfterSeconds });
  const tokenHash = sha256Hex(as.invitationToken);
  const found = await ctx.storage.invitations.findByTokenHash(tokenHash);
  if (found === undefined) throw new AppError('INVITATION_INVALID');
  reservation.attempt.matched();
  const consultationId = found.consultationId;
  const consultation = await ctx.storage.consultations.get(consultationId);
  if (consultation === undefined) throw new AppError('INVITATION_INVALID');
  // The text they ticked must be one of the organisation's (checked before anything is stored).
  const consentText =
    as.consent === undefined ? undefined : await checkConsentText(ctx.storage, consultation.organisationId, as.consent);
  // Identified with ID-porten for this link in this browser (issue 8); a foreign page's socket never is.
  const idporten = conn.isFromForeignOrigin
    ? undefined
    : await idportenIdentificationOf(ctx.storage, conn.cookieHeader, found.id, now);
  const identification = idporten === undefined ? LINK_ONLY : idportenIdentification(idporten, consultation);
  const pidHmac = idporten?.pidHmac ?? null;
  // Issue 9: the checkbox before the waiting room is their consent record. It is stored before the
  // arrival is answered (whoever got `welcome` has their consent on record); hosts are told after.
  const storeBrowserConsent = async (participantId: string): Promise<void> => {
    if (consentText === undefined) return;
    await ctx.storage.consents.add({
      consultationId,
      participantId,
      decision: 'given',
      method: 'browser',
      textHash: consentText.hash,
      language: consentText.language,
      recordedByUserId: null,
      at: now,
    });
  };
  const tellHostsOfConsent = async (t: RoomTask): Promise<void> => {
    if (consentText !== undefined) await tellHosts({ storage: ctx.storage, bus: ctx.bus }, t.room);
  };
  const consentDetails =
    consentText === undefined ? {} : { details: { method: 'browser', language: consentText.language } };
  await ctx.registry.withRoom(consultationId, async (t) => {
    const used = (participantId: string): RoomAuditEvent => ({
      action: 'invitation_used',
      actorParticipantId: participantId,
      subjectParticipantId: participantId,
    });
    // Which participant the ID-porten identification went to (its level; never the pid).
    const identifiedEvent = (participantId: string): RoomAuditEvent => ({
      action: 'idporten_identified',
      actorParticipantId: participantId,
      subjectParticipantId: participantId,
      details: {
        level: idporten?.level ?? '',
        expectedPatient: identification.kind === 'idporten' ? (identification.expectedPatient ?? 'none') : 'none',
      },
    });
    const identifiedEvents = (participantId: string): RoomAuditEvent[] =>
      idporten === undefined ? [] : [identifiedEvent(participantId)];
    // `found` was read before the queue: a second device may have taken the link meanwhile, or
    // someone revoked it. Taking the link below is a compare-and-set on what was read, and only
    // when it loses is the link read again (one round per change, so this ends).
    for (let invitation: InvitationRow | undefined = found; ;) {
      if (invitation === undefined) throw new AppError('INVITATION_INVALID');
      if (t.room.isEnded) throw new AppError('CONSULTATION_ENDED');
      if (invitation.revokedAt !== null) throw new AppError('INVITATION_REVOKED');
      if (invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('INVITATION_EXPIRED');
      const holder = invitation.participantId;
      const isHeld = holder !== null && t.room.participant(holder) !== undefined;
      if (isHeld) await checkSamePerson(ctx, holder, pidHmac);
      // The room decides: its holder takes its own place back, unless it is in the call — then
      // this device waits as the link's other device, and the host chooses (issue 8).
      if (isHeld && t.room.reopenedLink(holder) === 'takeOver') {
        const again: RoomAuditEvent[] =
          consentText === undefined
            ? []
            : [
                {
                  action: 'consent_given',
                  actorParticipantId: holder,
                  subjectParticipantId: holder,
                  ...consentDetails,
                },
              ];
        await storeBrowserConsent(holder);
        // The holder identified with ID-porten only now: the seat keeps that from here on.
        if (idporten !== undefined) await ctx.storage.participants.update(holder, { pidHmac });
        const identified = idporten === undefined ? [] : [identifiedEvent(holder)];
        await arriveAgain(
          conn,
          t,
          holder,
          now,
          [used(holder), ...again, ...identified],
          idporten === undefined ? undefined : identification,
        );
        return tellHostsOfConsent(t);
      }
      checkNewcomer(t, invitation.role);
      const { token, hash } = newResumeToken();
      const fields = {
        consultationId,
        role: invitation.role,
        displayName: as.displayName,
        identification,
        pidHmac,
        userId: null,
        invitationId: invitation.id,
        state: 'waiting',
        resumeTokenHash: hash,
        waitingSince: now,
        firstJoinedAt: null,
        lastLeftAt: null,
        consentedAt: now,
      } as const;
      if (isHeld) {
        // Not taking the link: it stays with the holder unless the host admits this device.
        const other = await ctx.storage.participants.create(fields);
        const consent: RoomAuditEvent = {
          action: 'consent_given',
          actorParticipantId: other.id,
          subjectParticipantId: other.id,
          ...consentDetails,
        };
        await storeBrowserConsent(other.id);
        await arriveFirst(conn, t, other, token, now, [used(other.id), consent, ...identifiedEvents(other.id)]);
        return tellHostsOfConsent(t);
      }
      const row = await ctx.storage.participants.createTakingInvitation(fields, holder);
      if (row === undefined) {
        invitation = await ctx.storage.invitations.findByTokenHash(tokenHash);
        continue;
      }
      const { id } = row;
      const consent: RoomAuditEvent = {
        action: 'consent_given',
        actorParticipantId: id,
        subjectParticipantId: id,
        ...consentDetails,
      };
      await storeBrowserConsent(id);
      await arriveFirst(conn, t, row, token, now, [used(id), consent, ...identifiedEvents(id)]);
      return tellHostsOfConsent(t);
    }
  });
}

/**
 * Issue 8, a forwarded link: where its holder identified with ID-porten, another device must
 * identify as the same person (the same keyed hash) before it is offered to the host or takes
 * the seat back; without an identification IDPORTEN_SAME_PERSON_REQUIRED, as another person
 * IDPORTEN_OTHER_PERSON. Nothing is stored for a refused device.
 */
async function checkSamePerson(ctx: EntryContext, holderId: string, pidHmac: string | null): Promise<void> {
  const holder = await ctx.storage.participants.get(holderId);
  if (holder === undefined || holder.pidHmac === null) return;
  if (pidHmac === null) throw new AppError('IDPORTEN_SAME_PERSON_REQUIRED');
  if (pidHmac !== holder.pidHmac) throw new AppError('IDPORTEN_OTHER_PERSON');
}

export async function resume(conn: ConnectionPort, ctx: EntryContext, msg: ClientMessageOf<'resume'>): Promise<void> {
  checkEntry(conn, msg.protocolVersion);
  const tokenHash = sha256Hex(msg.resumeToken);
  const found = await ctx.storage.participants.findByResumeTokenHash(tokenHash);
  if (found === undefined) throw new AppError('RESUME_INVALID');
  // A host's or member's token is worth only as much as their login (issue 8): it resumes on a
  // socket carrying a live session of the same account, and the socket closes with that session.
  let identification: Identification | undefined;
  if (found.userId !== null) {
    const auth = await signedInSession(conn, ctx, ctx.now()).catch((cause: unknown) => {
      throw new AppError('RESUME_INVALID', { cause });
    });
    if (auth.user.id !== found.userId) throw new AppError('RESUME_INVALID');
    identification = identificationOfLogin(auth.session.loginMethod);
  }
  await ctx.registry.withRoom(found.consultationId, async (t) => {
    // The room holds the current token: a concurrent resume may have used (and replaced) this one.
    const { token, hash } = newResumeToken();
    const takeOver = { resumeTokenHash: hash };
    const command = {
      type: 'resume',
      participantId: found.id,
      presentedTokenHash: tokenHash,
      takeOver,
      at: ctx.now(),
      ...(identification === undefined ? {} : { identification }),
    } as const;
    return arrive(conn, t, command, token);
  });
}
