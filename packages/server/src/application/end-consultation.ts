/**
 * A host ends the call (issue 9): while the consultation's checklist has required-before-end
 * items unticked and someone other than a host has taken part, the end is refused with
 * CHECKLIST_INCOMPLETE and nothing changes. The room decides everything else (only hosts end).
 */
import { AppError } from '../errors.ts';
import type { Storage } from '../storage/types.ts';
import { consultationChecklist } from '../consent/consultation-checklist.ts';
import type { Membership } from './connection-port.ts';
import type { RoomRegistry } from './RoomRegistry.ts';

export async function endConsultation(
  ctx: { storage: Storage; registry: RoomRegistry; now: () => Date },
  m: Membership,
): Promise<void> {
  await ctx.registry.withRoom(m.consultationId, async (t) => {
    const self = t.room.participant(m.participantId);
    const hasOthersTakenPart = t.room.participants().some((p) => p.role !== 'host' && p.firstJoinedAt !== null);
    if (self?.role === 'host' && hasOthersTakenPart && !t.room.isEnded) {
      const consultation = await ctx.storage.consultations.get(m.consultationId);
      if (consultation === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
      const checklist = await consultationChecklist(ctx.storage, consultation, ctx.now());
      if (checklist.missingBeforeEnd.length > 0) {
        throw new AppError('CHECKLIST_INCOMPLETE', {
          message: `Tick the required checklist items first: ${checklist.missingBeforeEnd.join(', ')}.`,
        });
      }
    }
    const result = await t.apply({ type: 'end', actorId: m.participantId, at: ctx.now() }, { via: m });
    if (!result.ok) throw new AppError(result.code);
  });
}
