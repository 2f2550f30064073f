/**
 * Journal handover (issue 9, ADR 0019). The host's summary page asks for the facts of a call
 * (times, roles, professions, kind: never health text) and builds the FHIR summary itself; the
 * note never reaches this server. Admins keep the organisation's EPJ endpoint and billing table.
 */
import type { FastifyPluginAsync } from 'fastify';
import { safeParse } from 'zod/v4/core';
import {
  BillingTable,
  EpjFhirUrl,
  type JournalFacts,
  type JournalParticipant,
  type JournalSettingsView,
  type LoginMethod,
} from '@samtale/protocol';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { defaultBillingTable } from '../billing/default-billing-table.ts';
import { journalConsents } from '../consent/journal-consents.ts';
import type { ParticipantRow, Storage } from '../storage/types.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { ownedConsultation } from './consultations.ts';
import { parseWith } from './validate.ts';

const ConsultationParams = z.object({ id: z.string() });
const SettingsBody = z.object({ epjFhirUrl: z.unknown(), billingTable: z.unknown() });

/** The organisation's settings, with the shipped table where it saved none. */
export async function journalSettingsOf(storage: Storage, organisationId: string): Promise<JournalSettingsView> {
  const row = await storage.journalSettings.get(organisationId);
  // Written only after BillingTable validated it; parsed again so a hand-edited row cannot reach a page.
  const saved = row?.billingTable ? safeParse(BillingTable, JSON.parse(row.billingTable)) : undefined;
  return {
    epjFhirUrl: row?.epjFhirUrl ?? null,
    billingTable: saved?.success ? saved.data : defaultBillingTable(),
    isDefaultTable: !saved?.success,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

function helseIdFacts(loginMethod: LoginMethod): { hprNumber: string | null; profession: string | null } {
  if (loginMethod.method !== 'helseid') return { hprNumber: null, profession: null };
  return { hprNumber: loginMethod.hprNumber ?? null, profession: loginMethod.profession ?? null };
}

function participantFacts(p: ParticipantRow, known: { hprNumber: string | null; profession: string | null }) {
  return {
    role: p.role,
    displayName: p.displayName,
    identification: p.identification,
    ...known,
    firstJoinedAt: p.firstJoinedAt?.toISOString() ?? null,
    lastLeftAt: p.lastLeftAt?.toISOString() ?? null,
  } satisfies JournalParticipant;
}

export const journalRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.samtale;
  const { storage, now } = ctx;

  app.get(
    '/api/consultations/:id/journal-facts',
    { preHandler: requireUser('clinician') },
    async (request): Promise<JournalFacts> => {
      const { user, session } = authOf(request);
      const consultation = await ownedConsultation(ctx, user, parseWith(ConsultationParams, request.params).id);
      const [participants, appointment, organisation, settings] = await Promise.all([
        storage.participants.listByConsultation(consultation.id),
        storage.appointments.findByConsultation(consultation.id),
        storage.organisations.get(consultation.organisationId),
        journalSettingsOf(storage, consultation.organisationId),
      ]);
      // The host is the owner, logged in now: their HPR number and category come from this login.
      // Other members' professions come with the identification work (issue 8) once it records them.
      const hostKnown = helseIdFacts(session.loginMethod);
      const unknown = { hprNumber: null, profession: null };
      const took = participants
        .filter((p) => p.firstJoinedAt !== null)
        .sort((a, b) => (a.firstJoinedAt?.getTime() ?? 0) - (b.firstJoinedAt?.getTime() ?? 0));
      const hostRow = took.find((p) => p.role === 'host' && p.userId === user.id);
      const host: JournalParticipant = hostRow
        ? participantFacts(hostRow, hostKnown)
        : {
            role: 'host',
            displayName: user.displayName,
            identification: { kind: 'local-account', hasPasskey: false },
            ...hostKnown,
            firstJoinedAt: null,
            lastLeftAt: null,
          };
      return {
        consultationId: consultation.id,
        kind: consultation.kind,
        status: consultation.status,
        startedAt: consultation.startedAt?.toISOString() ?? null,
        endedAt: consultation.endedAt?.toISOString() ?? null,
        appointment: appointment
          ? { startsAt: appointment.startsAt.toISOString(), endsAt: appointment.endsAt.toISOString() }
          : null,
        organisationName: organisation?.name ?? '',
        host,
        participants: took
          .filter((p) => p !== hostRow)
          .map((p) => participantFacts(p, p.userId === user.id ? hostKnown : unknown)),
        consents: journalConsents(await storage.consents.listByConsultation(consultation.id)),
        epjFhirUrl: settings.epjFhirUrl,
        billingTable: settings.billingTable,
      };
    },
  );

  app.get('/api/admin/journal-settings', { preHandler: requireUser('admin') }, async (request) => {
    const { user } = authOf(request);
    return journalSettingsOf(storage, user.organisationId);
  });

  app.put('/api/admin/journal-settings', { preHandler: requireUser('admin') }, async (request) => {
    const { user } = authOf(request);
    const body = parseWith(SettingsBody, request.body);
    let epjFhirUrl: string | null = null;
    if (body.epjFhirUrl !== null && body.epjFhirUrl !== '') {
      const url = safeParse(EpjFhirUrl, body.epjFhirUrl);
      if (!url.success) throw new AppError('EPJ_URL_INVALID', { cause: url.error });
      epjFhirUrl = url.data;
    }
    const table = safeParse(BillingTable, body.billingTable);
    if (!table.success) throw new AppError('BILLING_TABLE_INVALID', { cause: table.error });
    const at = now();
    await storage.journalSettings.put({
      organisationId: user.organisationId,
      epjFhirUrl,
      billingTable: JSON.stringify(table.data),
      updatedByUserId: user.id,
      updatedAt: at,
    });
    await storage.audit.append(
      { action: 'journal_settings_changed', actorUserId: user.id, details: { codes: table.data.codes.length } },
      at,
    );
    return journalSettingsOf(storage, user.organisationId);
  });
};
