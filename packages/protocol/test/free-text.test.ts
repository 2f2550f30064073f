/**
 * Property test (issue 7): every free-text field a client sends refuses control and format
 * characters, as display names always have — U+0000 reached PostgreSQL (error 22021) through a
 * consultation label and answered 500 — while ordinary text, Norwegian letters included, passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BookAppointmentBody,
  ClientMessage,
  CreateConsultationBody,
  CreateMeetingBody,
  CreateUserBody,
  SetupBody,
} from '../src/index.ts';

interface Schema {
  safeParse(value: unknown): { success: boolean };
}

interface FreeTextField {
  name: string;
  schema: Schema;
  /** A valid input with `text` in the field. */
  input: (text: string) => unknown;
}

const ID = '3f1c2b6e-6f4e-4b8a-9d3c-2a1b0c9d8e7f';

const FIELDS: FreeTextField[] = [
  {
    name: 'SetupBody.organisationName',
    schema: SetupBody,
    input: (organisationName) => ({
      setupToken: 's'.repeat(16),
      organisationName,
      email: 'ada@example.no',
      displayName: 'Ada Admin',
      password: 'p'.repeat(10),
    }),
  },
  {
    name: 'SetupBody.displayName',
    schema: SetupBody,
    input: (displayName) => ({
      setupToken: 's'.repeat(16),
      organisationName: 'Legekontoret',
      email: 'ada@example.no',
      displayName,
      password: 'p'.repeat(10),
    }),
  },
  {
    name: 'CreateUserBody.displayName',
    schema: CreateUserBody,
    input: (displayName) => ({ email: 'kari@example.no', displayName, role: 'clinician', password: 'p'.repeat(10) }),
  },
  { name: 'CreateConsultationBody.label', schema: CreateConsultationBody, input: (label) => ({ label }) },
  ...(['label', 'email', 'phone'] as const).map((field) => ({
    name: `BookAppointmentBody.${field}`,
    schema: BookAppointmentBody,
    input: (text: string) => ({
      startsAt: '2030-01-15T09:00:00.000Z',
      durationMinutes: 20,
      kind: 'follow-up',
      language: 'nb',
      ...(field === 'label' ? { label: text, contact: {} } : { contact: { [field]: text } }),
    }),
  })),
  {
    name: 'CreateMeetingBody.title',
    schema: CreateMeetingBody,
    input: (title) => ({ kind: 'internal', hasPersonalData: false, title }),
  },
  {
    name: 'join (invitation) displayName',
    schema: ClientMessage,
    input: (displayName) => ({
      type: 'join',
      protocolVersion: 1,
      as: { kind: 'invitation', invitationToken: 't'.repeat(16), displayName, hasConsented: true },
    }),
  },
  {
    name: 'decline.reason',
    schema: ClientMessage,
    input: (reason) => ({ type: 'decline', participantId: ID, reason }),
  },
  {
    name: 'messageWaiting.text',
    schema: ClientMessage,
    input: (text) => ({ type: 'messageWaiting', participantId: ID, text }),
  },
  { name: 'request id', schema: ClientMessage, input: (id) => ({ type: 'ping', id }) },
  {
    name: 'sfuSubscribe feedId',
    schema: ClientMessage,
    input: (feedId) => ({ type: 'sfuSubscribe', feeds: [{ feedId, substream: 0 }] }),
  },
  {
    name: 'sfuRequestKeyframe.feedId',
    schema: ClientMessage,
    input: (feedId) => ({ type: 'sfuRequestKeyframe', feedId }),
  },
  {
    name: 'sfuTrickle candidate.candidate',
    schema: ClientMessage,
    input: (candidate) => ({ type: 'sfuTrickle', target: 'publisher', candidate: { candidate, sdpMid: '0' } }),
  },
  {
    name: 'sfuTrickle candidate.sdpMid',
    schema: ClientMessage,
    input: (sdpMid) => ({ type: 'sfuTrickle', target: 'publisher', candidate: { candidate: 'candidate:1', sdpMid } }),
  },
  {
    name: 'signal candidate.usernameFragment',
    schema: ClientMessage,
    input: (usernameFragment) => ({
      type: 'signal',
      to: ID,
      data: { kind: 'candidate', candidate: { candidate: 'candidate:1', usernameFragment } },
    }),
  },
];

/** C0 controls, DEL, C1 controls, and the format characters (bidi overrides, zero-width, BOM, soft hyphen). */
const controlCharacter = fc
  .oneof(
    fc.integer({ min: 0x00, max: 0x1f }),
    fc.constant(0x7f),
    fc.integer({ min: 0x80, max: 0x9f }),
    fc.constantFrom(0x00ad, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff),
  )
  .map((code) => String.fromCodePoint(code));

/** Short ordinary text without spaces at its ends (those are trimmed, not refused). */
const word = fc.stringMatching(/^[A-Za-z0-9æøåÆØÅéü]{1,8}$/);

describe('free text in the protocol', () => {
  for (const field of FIELDS) {
    it(`${field.name} takes ordinary text and refuses any control character inside it`, () => {
      expect(field.schema.safeParse(field.input('Kari Nordmann-Ås')).success).toBe(true);
      fc.assert(
        fc.property(word, controlCharacter, word, (before, control, after) => {
          expect(field.schema.safeParse(field.input(`${before}${control}${after}`)).success).toBe(false);
        }),
        { seed: 7, numRuns: 200 },
      );
      fc.assert(
        fc.property(word, word, (before, after) => {
          expect(field.schema.safeParse(field.input(`${before} ${after}`)).success).toBe(true);
        }),
        { seed: 7, numRuns: 50 },
      );
    });
  }

  it('an SDP keeps its CRLF line ends and refuses every other control character', () => {
    const publish = (sdp: string) => ({ type: 'sfuPublish', jsep: { type: 'offer', sdp } });
    expect(ClientMessage.safeParse(publish('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n')).success).toBe(true);
    fc.assert(
      fc.property(
        word,
        controlCharacter.filter((c) => c !== '\r' && c !== '\n' && /\p{Cc}/u.test(c)),
        word,
        (before, control, after) => {
          expect(ClientMessage.safeParse(publish(`v=0\r\ns=${before}${control}${after}\r\n`)).success).toBe(false);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});
