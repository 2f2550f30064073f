/**
 * An organisation's SMS texts (issue 9): one per language and purpose, with the placeholders
 * {organisasjon}, {tid}, {lenke} and {forberedelse} only (others: TEMPLATE_INVALID). An empty body
 * goes back to the default text.
 */
import * as z from 'zod/mini';
import { noControlCharacters } from './common.ts';
import { NotificationPurpose, PatientLanguage } from './appointments.ts';

export const MESSAGE_PLACEHOLDERS = ['organisasjon', 'tid', 'lenke', 'forberedelse'] as const;

/** Sveve takes 1071 characters; the link and the time need room. */
export const MAX_SMS_TEMPLATE_LENGTH = 800;

export const MessageTemplateView = z.object({
  language: PatientLanguage,
  purpose: NotificationPurpose,
  channel: z.literal('sms'),
  body: z.string(),
  /** The organisation has not written its own: this is the default text. */
  isDefault: z.boolean(),
});
export type MessageTemplateView = z.infer<typeof MessageTemplateView>;

export const MessageTemplateList = z.object({ templates: z.array(MessageTemplateView) });
export type MessageTemplateList = z.infer<typeof MessageTemplateList>;

export const SaveMessageTemplateBody = z.object({
  language: PatientLanguage,
  purpose: NotificationPurpose,
  channel: z.literal('sms'),
  body: z.string().check(z.trim(), z.maxLength(MAX_SMS_TEMPLATE_LENGTH), noControlCharacters()),
});
export type SaveMessageTemplateBody = z.infer<typeof SaveMessageTemplateBody>;

/** The text a template gives with example values (the organisation's name, a time, a sample link). */
export const MessageTemplatePreview = z.object({ text: z.string() });
export type MessageTemplatePreview = z.infer<typeof MessageTemplatePreview>;
