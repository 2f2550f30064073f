/**
 * An organisation member enters a meeting with their session cookie (issue 3). The meeting's
 * creator is its host; other members enter directly or wait, by the meeting's policy (the pure
 * room decides). A locked meeting lets nobody new in, not even to wait.
 */
import type { ClientMessageOf } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { ConnectionPort, EntryContext } from './connection-port.ts';
import { arriveSignedIn, signedInEntry } from './join.ts';

export async function joinAsMember(
  conn: ConnectionPort,
  ctx: EntryContext,
  msg: ClientMessageOf<'join'>,
  consultationId: string,
): Promise<void> {
  const { auth, now } = await signedInEntry(conn, ctx, msg);
  const meeting = await ctx.storage.consultations.get(consultationId);
  // Consultations and other organisations' meetings look the same as unknown ids.
  if (meeting === undefined || meeting.kind === 'consultation' || meeting.organisationId !== auth.user.organisationId) {
    throw new AppError('CONSULTATION_NOT_FOUND');
  }
  if (meeting.status === 'ended') throw new AppError('CONSULTATION_ENDED');
  const role = meeting.ownerUserId === auth.user.id ? 'host' : 'colleague';
  await ctx.registry.withRoom(consultationId, (t) => arriveSignedIn(conn, t, ctx, auth, role, now));
}
