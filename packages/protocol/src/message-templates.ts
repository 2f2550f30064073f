/**
 * An organisation's texts to patients (issue 9): SMS texts and e-mail texts (a subject and a body),
 * one per language and purpose, with the placeholders {organisasjon}, {tid}, {lenke} and
 * {forberedelse} only (others: TEMPLATE_INVALID) — so no text can carry health information. An
 * empty body goes back to the default text. Also each organisation's reminder times.
 */
import * as z from 'zod/mini';
import { noControlCharacters } from './common.ts';
import { NotificationPurpose, PatientLanguage } from './appointments.ts';

export const MESSAGE_PLACEHOLDERS = ['organisasjon', 'tid', 'lenke', 'forberedelse'] as const;

/** How a text reaches the patient. */
export const MessageChannel = z.enum(['sms', 'email']);
export type MessageChannel = z.infer<typeof MessageChannel>;

/** Sveve takes 1071 characters; the link and the time need room. */
export const MAX_SMS_TEMPLATE_LENGTH = 800;
/** An e-mail's subject line. */
export const MAX_EMAIL_SUBJECT_LENGTH = 200;
/** An e-mail's body: a few paragraphs, never a document. */
export const MAX_EMAIL_TEMPLATE_LENGTH = 4000;

/** Text of several lines: line breaks, but no other control characters. */
function noControlCharactersButNewlines() {
  return z.regex(/^(?:[^\p{Cc}\p{Cf}]|\n)*$/u, 'no control characters other than line breaks');
}

export const MessageTemplateView = z.object({
  language: PatientLanguage,
  purpose: NotificationPurpose,
  channel: MessageChannel,
  /** The e-mail's subject; null for an SMS. */
  subject: z.nullable(z.string()),
  body: z.string(),
  /** The organisation has not written its own: this is the default text. */
  isDefault: z.boolean(),
  /** The default text, so an admin can see (and go back to) it beside their own. */
  defaultSubject: z.nullable(z.string()),
  defaultBody: z.string(),
});
export type MessageTemplateView = z.infer<typeof MessageTemplateView>;

export const MessageTemplateList = z.object({ templates: z.array(MessageTemplateView) });
export type MessageTemplateList = z.infer<typeof MessageTemplateList>;

const SaveSmsTemplate = z.object({
  language: PatientLanguage,
  purpose: NotificationPurpose,
  channel: z.literal('sms'),
  body: z.string().check(z.trim(), z.maxLength(MAX_SMS_TEMPLATE_LENGTH), noControlCharacters()),
});

/** An e-mail text: both parts empty restore the default; one without the other is refused. */
const SaveEmailTemplate = z.object({
  language: PatientLanguage,
  purpose: NotificationPurpose,
  channel: z.literal('email'),
  subject: z.string().check(z.trim(), z.maxLength(MAX_EMAIL_SUBJECT_LENGTH), noControlCharacters()),
  body: z.string().check(z.trim(), z.maxLength(MAX_EMAIL_TEMPLATE_LENGTH), noControlCharactersButNewlines()),
});

export const SaveMessageTemplateBody = z.discriminatedUnion('channel', [SaveSmsTemplate, SaveEmailTemplate]);
export type SaveMessageTemplateBody = z.infer<typeof SaveMessageTemplateBody>;

/**
 * The text a template gives with example values (the organisation's name, a time, a sample link):
 * for an e-mail also its subject and the HTML part exactly as it is sent.
 */
export const MessageTemplatePreview = z.object({
  text: z.string(),
  subject: z.optional(z.string()),
  html: z.optional(z.string()),
});
export type MessageTemplatePreview = z.infer<typeof MessageTemplatePreview>;

// ---- reminder times (`GET/PUT /api/admin/reminder-offsets`) ----

/** At most this many reminders per appointment (as REMINDER_OFFSETS_MINUTES). */
export const MAX_REMINDER_OFFSETS = 5;
/** Minutes before the appointment: one minute up to 30 days. */
export const REMINDER_OFFSET_BOUNDS = { min: 1, max: 43_200 } as const;

/** The organisation's reminder times; null goes back to the server's default. Bounds: `reminderOffsetProblems`. */
export const SaveReminderOffsetsBody = z.object({
  offsetsMinutes: z.nullable(z.array(z.int()).check(z.maxLength(50))),
});
export type SaveReminderOffsetsBody = z.infer<typeof SaveReminderOffsetsBody>;

/** Why `offsets` cannot be saved, or null: too many, a duplicate, or one outside the bounds. */
export function reminderOffsetProblem(offsets: readonly number[]): 'tooMany' | 'duplicate' | 'outOfBounds' | null {
  if (offsets.length > MAX_REMINDER_OFFSETS) return 'tooMany';
  if (new Set(offsets).size !== offsets.length) return 'duplicate';
  const isOut = (n: number) => n < REMINDER_OFFSET_BOUNDS.min || n > REMINDER_OFFSET_BOUNDS.max;
  return offsets.some(isOut) ? 'outOfBounds' : null;
}

export const ReminderOffsetsView = z.object({
  /** What reminders use now (latest first): the organisation's own, or the default. */
  offsetsMinutes: z.array(z.int()),
  /** The server's REMINDER_OFFSETS_MINUTES. */
  defaults: z.array(z.int()),
  isCustomised: z.boolean(),
});
export type ReminderOffsetsView = z.infer<typeof ReminderOffsetsView>;
