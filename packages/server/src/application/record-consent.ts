/**
 * Consent records from the call (issue 9, ADR 0018). A participant records only their own
 * consent, in the browser; only a host records consent someone said aloud (`spoken`), for
 * someone else in the consultation. Each record names the text version by hash; the audit event
 * names the method and language, never the text. Hosts in the call hear the new list.
 */
import type { ClientMessageOf, ConsentRecordView, TextLanguage } from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { Bus } from '../cluster/Bus.ts';
import type { Storage } from '../storage/types.ts';
import type { Room } from '../rooms/Room.ts';
import { patientTextVersion } from '../consent/documents.ts';
import { roomChannel } from './channels.ts';
import type { Membership } from './connection-port.ts';
import type { RoomRegistry } from './RoomRegistry.ts';

export interface ConsentContext {
  storage: Storage;
  registry: RoomRegistry;
  bus: Bus;
  now: () => Date;
}

/** The consultation's consent records as the API and the `consents` message show them. */
export async function consentViews(storage: Storage, consultationId: string): Promise<ConsentRecordView[]> {
  const rows = await storage.consents.listByConsultation(consultationId);
  return rows.map((r) => ({
    id: r.id,
    participantId: r.participantId,
    role: r.role,
    displayName: r.displayName,
    decision: r.decision,
    method: r.method,
    textHash: r.textHash,
    language: r.language,
    at: r.at.toISOString(),
    recordedByUserId: r.recordedByUserId,
  }));
}

/** Sends the consent records to every host in the call of `room`. */
export async function tellHosts(ctx: Pick<ConsentContext, 'storage' | 'bus'>, room: Room): Promise<void> {
  const hosts = room.participants().filter((p) => p.role === 'host' && p.state === 'admitted');
  if (hosts.length === 0) return;
  const records = await consentViews(ctx.storage, room.consultationId);
  for (const host of hosts) {
    await ctx.bus.publish(roomChannel(room.consultationId), {
      kind: 'deliver',
      to: host.id,
      message: { type: 'consents', records },
    });
  }
}

/** Throws CONSENT_TEXT_UNKNOWN unless `text` is a version of the organisation's patient text. */
export async function checkConsentText(
  storage: Storage,
  organisationId: string,
  text: { hash: string; language: TextLanguage } | undefined,
): Promise<{ hash: string; language: TextLanguage }> {
  if (text === undefined) throw new AppError('VALIDATION_FAILED', { message: 'Name the text that was consented to.' });
  const version = await patientTextVersion(storage, organisationId, text.hash, text.language);
  if (version === undefined) throw new AppError('CONSENT_TEXT_UNKNOWN');
  return text;
}

/** Handles `recordConsent` from the participant of membership `m`. */
export async function recordConsent(
  ctx: ConsentContext,
  m: Membership,
  msg: ClientMessageOf<'recordConsent'>,
): Promise<void> {
  await ctx.registry.withRoom(m.consultationId, async (t) => {
    const self = t.room.participant(m.participantId);
    if (self === undefined || (self.state !== 'admitted' && self.state !== 'waiting') || self.epoch !== m.epoch) {
      throw new AppError('NOT_JOINED');
    }
    if (msg.method === 'spoken') {
      if (self.role !== 'host') throw new AppError('NOT_HOST');
    } else if (msg.participantId !== self.id) {
      throw new AppError('FORBIDDEN', { message: 'You can only give or withdraw your own consent.' });
    }
    const subject = t.room.participant(msg.participantId);
    if (subject === undefined) throw new AppError('PARTICIPANT_NOT_FOUND');
    if (subject.role === 'host') throw new AppError('INVALID_STATE', { message: 'A host does not consent to care.' });
    const consultation = await ctx.storage.consultations.get(m.consultationId);
    if (consultation === undefined) throw new AppError('CONSULTATION_NOT_FOUND');
    const previous = (await ctx.storage.consents.listByConsultation(consultation.id)).filter(
      (r) => r.participantId === subject.id,
    );
    const latest = previous.at(-1);
    let text: { hash: string; language: TextLanguage };
    if (msg.decision === 'given') {
      text = await checkConsentText(ctx.storage, consultation.organisationId, msg.text);
    } else {
      // A withdrawal names the consent it withdraws.
      if (latest?.decision !== 'given')
        throw new AppError('INVALID_STATE', { message: 'There is no consent to withdraw.' });
      text = { hash: latest.textHash, language: latest.language };
    }
    const at = ctx.now();
    await ctx.storage.consents.add({
      consultationId: consultation.id,
      participantId: subject.id,
      decision: msg.decision,
      method: msg.method,
      textHash: text.hash,
      language: text.language,
      recordedByUserId: msg.method === 'spoken' ? self.userId : null,
      at,
    });
    await ctx.storage.audit.append(
      {
        action: msg.decision === 'given' ? 'consent_given' : 'consent_withdrawn',
        actorParticipantId: self.id,
        actorUserId: self.userId,
        consultationId: consultation.id,
        subjectParticipantId: subject.id,
        details: { method: msg.method, language: text.language },
      },
      at,
    );
    await tellHosts(ctx, t.room);
  });
}
