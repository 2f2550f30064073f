/**
 * An organisation's SMS texts (issue 9; admins only, their own organisation): the list with the
 * defaults filled in, saving one (an empty body restores the default), and a preview with example
 * values. A placeholder other than {organisasjon}, {tid}, {lenke}, {forberedelse} is TEMPLATE_INVALID.
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  NotificationPurpose,
  PatientLanguage,
  SaveMessageTemplateBody,
  type MessageTemplateList,
  type MessageTemplatePreview,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { formatAppointmentTime } from '../notify/appointment-emails.ts';
import {
  DEFAULT_PREPARATION,
  DEFAULT_SMS_TEMPLATES,
  renderTemplate,
  unknownPlaceholders,
} from '../notify/message-templates.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

function checked(body: string): string {
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0) {
    throw new AppError('TEMPLATE_INVALID', {
      message: `The template uses placeholders that do not exist: ${unknown.map((u) => `{${u}}`).join(', ')}.`,
    });
  }
  return body;
}

export const messageTemplateRoutes: FastifyPluginAsync = async (app) => {
  const { storage, now, config } = app.samtale;
  const admin = { preHandler: requireUser('admin') };

  const list = async (organisationId: string): Promise<MessageTemplateList> => {
    const own = await storage.messageTemplates.list(organisationId);
    return {
      templates: PatientLanguage.options.flatMap((language) =>
        NotificationPurpose.options.map((purpose) => {
          const mine = own.find((o) => o.language === language && o.purpose === purpose);
          return {
            language,
            purpose,
            channel: 'sms' as const,
            body: mine?.body ?? DEFAULT_SMS_TEMPLATES[language][purpose],
            isDefault: mine === undefined,
          };
        }),
      ),
    };
  };

  app.get('/api/admin/message-templates', admin, async (request) => list(authOf(request).user.organisationId));

  app.put('/api/admin/message-templates', admin, async (request): Promise<MessageTemplateList> => {
    const { user } = authOf(request);
    const body = parseWith(SaveMessageTemplateBody, request.body);
    const text = body.body === '' ? null : checked(body.body);
    await storage.messageTemplates.set(user.organisationId, body.language, body.purpose, text, now());
    await storage.audit.append(
      {
        action: 'message_template_saved',
        actorUserId: user.id,
        details: { language: body.language, purpose: body.purpose, channel: body.channel, isDefault: text === null },
      },
      now(),
    );
    return list(user.organisationId);
  });

  app.post('/api/admin/message-templates/preview', admin, async (request): Promise<MessageTemplatePreview> => {
    const { user } = authOf(request);
    const body = parseWith(SaveMessageTemplateBody, request.body);
    const template = body.body === '' ? DEFAULT_SMS_TEMPLATES[body.language][body.purpose] : checked(body.body);
    const organisation = await storage.organisations.get(user.organisationId);
    const example = new Date(now().getTime() + 24 * 3_600_000);
    return {
      text: renderTemplate(template, {
        organisasjon: organisation?.name ?? 'Samtale',
        tid: formatAppointmentTime(example, body.language, config.timeZone),
        lenke: body.purpose === 'cancellation' ? '' : `${config.publicUrl}/j/eksempel`,
        forberedelse: DEFAULT_PREPARATION[body.language],
      }).trim(),
    };
  });
};
