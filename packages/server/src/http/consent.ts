/**
 * Issue 9, consent and checklists over HTTP (ADR 0018): the organisation's patient texts and
 * checklist (admins edit; members read the texts to read them aloud), and a consultation's
 * consent records and checklist for its host (the consultation's owner).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ChecklistBody,
  Id,
  PatientTextBody,
  TextLanguage,
  TickChecklistBody,
  type ConsultationChecklist,
  type ConsultationConsents,
  type OrganisationChecklist,
  type PatientTexts,
  type PatientTextVersion,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import type { ConsultationRow, UserRow } from '../storage/types.ts';
import { consentViews } from '../application/record-consent.ts';
import { consultationChecklist, setChecklistTick } from '../consent/consultation-checklist.ts';
import { DEFAULT_CHECKLIST, DEFAULT_PATIENT_TEXTS } from '../consent/default-documents.ts';
import {
  currentChecklist,
  currentPatientTexts,
  patientTextView,
  saveChecklist,
  savePatientText,
  TEXT_LANGUAGES,
} from '../consent/documents.ts';
import { authOf, requireUser } from './auth-guard.ts';
import type { PlatformContext } from './context.ts';
import { parseWith } from './validate.ts';

const LanguageParams = z.object({ language: z.string() });
const ConsultationParams = z.object({ id: z.string() });

async function hostedConsultation(
  ctx: PlatformContext,
  user: UserRow,
  request: FastifyRequest,
): Promise<ConsultationRow> {
  const { id } = parseWith(ConsultationParams, request.params);
  const consultation = Id.safeParse(id).success ? await ctx.storage.consultations.get(id) : undefined;
  if (!consultation) throw new AppError('CONSULTATION_NOT_FOUND');
  if (consultation.ownerUserId !== user.id) throw new AppError('FORBIDDEN');
  return consultation;
}

export const consentRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.samtale;
  const { storage, now } = ctx;

  const defaults = TEXT_LANGUAGES.map((language) => ({ language, ...DEFAULT_PATIENT_TEXTS[language] }));

  app.get('/api/admin/patient-texts', { preHandler: requireUser('admin') }, async (request): Promise<PatientTexts> => {
    const { user } = authOf(request);
    return { current: await currentPatientTexts(storage, user.organisationId, now()), defaults };
  });

  app.put(
    '/api/admin/patient-texts/:language',
    { preHandler: requireUser('admin') },
    async (request): Promise<PatientTextVersion> => {
      const { user } = authOf(request);
      const language = parseWith(TextLanguage, parseWith(LanguageParams, request.params).language);
      const body = parseWith(PatientTextBody, request.body);
      const at = now();
      const saved = await savePatientText(storage, user.organisationId, language, body, { userId: user.id, at });
      await storage.audit.append(
        { action: 'patient_text_saved', actorUserId: user.id, details: { language, hash: saved.hash } },
        at,
      );
      return saved;
    },
  );

  /** Members read the current texts (a host reads the consent aloud before recording it). */
  app.get('/api/patient-texts', { preHandler: requireUser() }, async (request): Promise<PatientTexts> => {
    const { user } = authOf(request);
    return { current: await currentPatientTexts(storage, user.organisationId, now()), defaults: [] };
  });

  app.get(
    '/api/admin/checklist',
    { preHandler: requireUser('admin') },
    async (request): Promise<OrganisationChecklist> => {
      const { user } = authOf(request);
      return {
        current: await currentChecklist(storage, user.organisationId, now()),
        defaultItems: [...DEFAULT_CHECKLIST],
      };
    },
  );

  app.put(
    '/api/admin/checklist',
    { preHandler: requireUser('admin') },
    async (request): Promise<OrganisationChecklist> => {
      const { user } = authOf(request);
      const body = parseWith(ChecklistBody, request.body);
      const at = now();
      const current = await saveChecklist(storage, user.organisationId, body.items, { userId: user.id, at });
      await storage.audit.append(
        {
          action: 'checklist_saved',
          actorUserId: user.id,
          details: { hash: current.hash, items: current.items.length },
        },
        at,
      );
      return { current, defaultItems: [...DEFAULT_CHECKLIST] };
    },
  );

  app.get(
    '/api/consultations/:id/consents',
    { preHandler: requireUser() },
    async (request): Promise<ConsultationConsents> => {
      const { user } = authOf(request);
      const consultation = await hostedConsultation(ctx, user, request);
      const records = await consentViews(storage, consultation.id);
      const hashes = [...new Set(records.map((r) => r.textHash))];
      const texts = (await storage.documents.getMany(consultation.organisationId, hashes)).map(patientTextView);
      return { records, texts };
    },
  );

  app.get(
    '/api/consultations/:id/checklist',
    { preHandler: requireUser() },
    async (request): Promise<ConsultationChecklist> => {
      const { user } = authOf(request);
      return consultationChecklist(storage, await hostedConsultation(ctx, user, request), now());
    },
  );

  app.post(
    '/api/consultations/:id/checklist/ticks',
    { preHandler: requireUser() },
    async (request): Promise<ConsultationChecklist> => {
      const { user } = authOf(request);
      const consultation = await hostedConsultation(ctx, user, request);
      const body = parseWith(TickChecklistBody, request.body);
      return setChecklistTick(storage, consultation, { ...body, userId: user.id }, now());
    },
  );
};
