/**
 * An organisation's texts to patients (issue 9; admins only, their own organisation): SMS texts and
 * e-mail texts (subject and body), listed with the defaults beside them, saved (an empty text
 * restores the default), and previewed with example values — an e-mail with its HTML part exactly
 * as it is sent. A placeholder other than {organisasjon}, {tid}, {lenke}, {forberedelse} is
 * TEMPLATE_INVALID and nothing is stored.
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  MessageChannel,
  NotificationPurpose,
  PatientLanguage,
  SaveMessageTemplateBody,
  type MessageTemplateList,
  type MessageTemplatePreview,
  type MessageTemplateView,
} from '@samtale/protocol';
import { AppError } from '../errors.ts';
import { appointmentEmail, formatAppointmentTime } from '../notify/appointment-emails.ts';
import { DEFAULT_EMAIL_TEMPLATES } from '../notify/email-templates.ts';
import {
  DEFAULT_PREPARATION,
  DEFAULT_SMS_TEMPLATES,
  renderTemplate,
  unknownPlaceholders,
} from '../notify/message-templates.ts';
import type { MessageTemplateText } from '../storage/types.ts';
import { authOf, requireUser } from './auth-guard.ts';
import { parseWith } from './validate.ts';

/** `text` unless one of its parts names a placeholder that does not exist (TEMPLATE_INVALID). */
function checked(text: MessageTemplateText): MessageTemplateText {
  const unknown = [...new Set([...unknownPlaceholders(text.subject ?? ''), ...unknownPlaceholders(text.body)])];
  if (unknown.length > 0) {
    throw new AppError('TEMPLATE_INVALID', {
      message: `The template uses placeholders that do not exist: ${unknown.map((u) => `{${u}}`).join(', ')}.`,
    });
  }
  return text;
}

/** The text a save stores: null (the default) when emptied; an e-mail needs both its subject and body. */
function ownText(body: SaveMessageTemplateBody): MessageTemplateText | null {
  if (body.channel === 'sms') return body.body === '' ? null : checked({ subject: null, body: body.body });
  if (body.subject === '' && body.body === '') return null;
  if (body.subject === '' || body.body === '') {
    throw new AppError('VALIDATION_FAILED', { message: 'An e-mail text needs both a subject and a body.' });
  }
  return checked({ subject: body.subject, body: body.body });
}

function defaultOf(key: Pick<MessageTemplateView, 'language' | 'purpose' | 'channel'>): MessageTemplateText {
  return key.channel === 'sms'
    ? { subject: null, body: DEFAULT_SMS_TEMPLATES[key.language][key.purpose] }
    : DEFAULT_EMAIL_TEMPLATES[key.language][key.purpose];
}

export const messageTemplateRoutes: FastifyPluginAsync = async (app) => {
  const { storage, now, config } = app.samtale;
  const admin = { preHandler: requireUser('admin') };

  const list = async (organisationId: string): Promise<MessageTemplateList> => {
    const own = await storage.messageTemplates.list(organisationId);
    return {
      templates: MessageChannel.options.flatMap((channel) =>
        PatientLanguage.options.flatMap((language) =>
          NotificationPurpose.options.map((purpose): MessageTemplateView => {
            const key = { language, purpose, channel };
            const mine = own.find((o) => o.language === language && o.purpose === purpose && o.channel === channel);
            const fallback = defaultOf(key);
            return {
              ...key,
              subject: (mine ?? fallback).subject,
              body: (mine ?? fallback).body,
              isDefault: mine === undefined,
              defaultSubject: fallback.subject,
              defaultBody: fallback.body,
            };
          }),
        ),
      ),
    };
  };

  app.get('/api/admin/message-templates', admin, async (request) => list(authOf(request).user.organisationId));

  app.put('/api/admin/message-templates', admin, async (request): Promise<MessageTemplateList> => {
    const { user } = authOf(request);
    const body = parseWith(SaveMessageTemplateBody, request.body);
    const text = ownText(body);
    const key = { language: body.language, purpose: body.purpose, channel: body.channel };
    await storage.messageTemplates.set(user.organisationId, key, text, now());
    await storage.audit.append(
      { action: 'message_template_saved', actorUserId: user.id, details: { ...key, isDefault: text === null } },
      now(),
    );
    return list(user.organisationId);
  });

  app.post('/api/admin/message-templates/preview', admin, async (request): Promise<MessageTemplatePreview> => {
    const { user } = authOf(request);
    const body = parseWith(SaveMessageTemplateBody, request.body);
    const template = ownText(body) ?? defaultOf(body);
    const organisation = await storage.organisations.get(user.organisationId);
    const organisationName = organisation?.name ?? 'Samtale';
    const example = new Date(now().getTime() + 24 * 3_600_000);
    const url = body.purpose === 'cancellation' ? null : `${config.publicUrl}/j/eksempel`;
    if (body.channel === 'email') {
      const mail = appointmentEmail({
        purpose: body.purpose,
        language: body.language,
        organisationName,
        startsAt: example,
        timeZone: config.timeZone,
        url,
        // An example key: a real one belongs to one patient's link.
        testUrl: url === null ? null : `${config.publicUrl}/test#eksempel`,
        template: { subject: template.subject ?? '', body: template.body },
      });
      return { subject: mail.subject, text: mail.text, html: mail.html };
    }
    return {
      text: renderTemplate(template.body, {
        organisasjon: organisationName,
        tid: formatAppointmentTime(example, body.language, config.timeZone),
        lenke: url ?? '',
        forberedelse: DEFAULT_PREPARATION[body.language],
      }).trim(),
    };
  });
};
