import type { InvitationRole, InvitationView } from '@samtale/protocol';
import { invitationView } from '../storage/repositories/consultations.ts';
import type { ConsultationRow, UserRow } from '../storage/types.ts';
import type { PlatformContext } from './context.ts';
import { randomToken, sha256Hex } from '../auth/tokens.ts';

/**
 * Creates an invitation link to a consultation or meeting. The token (256 random bits) is
 * returned once, inside `url`; only its SHA-256 is stored, so the link cannot be shown again.
 */
export async function createInvitationLink(
  ctx: PlatformContext,
  consultation: ConsultationRow,
  user: UserRow,
  role: InvitationRole,
  ttlMinutes: number,
): Promise<InvitationView> {
  const token = randomToken(32);
  const at = ctx.now();
  const invitation = await ctx.storage.invitations.create({
    consultationId: consultation.id,
    role,
    tokenHash: sha256Hex(token),
    createdByUserId: user.id,
    expiresAt: new Date(at.getTime() + ttlMinutes * 60_000),
  });
  await ctx.storage.audit.append(
    { action: 'invitation_created', actorUserId: user.id, consultationId: consultation.id, details: { role } },
    at,
  );
  return { ...invitationView(invitation), url: `${ctx.config.publicUrl}/j/${token}` };
}
