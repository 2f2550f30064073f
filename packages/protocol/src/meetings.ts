/**
 * Meetings: multi-party calls through the SFU, of the kinds named in the source documents
 * (internal, external, clinical — each with or without personal-data requirements). Each kind
 * carries a policy that the server enforces and every participant sees.
 */
import * as z from 'zod/mini';
import { ConsultationStatus, Id, InvitationRole, noControlCharacters, Timestamp } from './common.ts';
import { InvitationView, WaitingEntry } from './api.ts';
import { IdentificationRequirements } from './identification-policy.ts';

export const MeetingKind = z.enum(['internal', 'external', 'clinical']);
export type MeetingKind = z.infer<typeof MeetingKind>;

/** Most participants a meeting through the SFU admits. */
export const SFU_MAX_PARTICIPANTS = 50;

export const MeetingPolicy = z.object({
  /** Who enters without waiting: organisation members, or only hosts (everyone else waits). */
  directEntry: z.enum(['organisation-members', 'hosts-only']),
  /** Guests with a link always wait; true means members wait too unless they are hosts. */
  isWaitingRoomMandatory: z.boolean(),
  maxParticipants: z.int().check(z.minimum(2), z.maximum(SFU_MAX_PARTICIPANTS)),
  /** End-to-end encryption cannot be switched off (always true for clinical and personal-data meetings). */
  isE2eeRequired: z.boolean(),
});
export type MeetingPolicy = z.infer<typeof MeetingPolicy>;

/** The policy of a kind; the single place the rules are written. */
export function policyFor(kind: MeetingKind, hasPersonalData: boolean): MeetingPolicy {
  const isSensitive = kind === 'clinical' || hasPersonalData;
  return {
    directEntry: kind === 'internal' && !isSensitive ? 'organisation-members' : 'hosts-only',
    isWaitingRoomMandatory: isSensitive || kind === 'external',
    maxParticipants: SFU_MAX_PARTICIPANTS,
    // Samtale encrypts every call; the flag says whether anyone could ever turn it off (nobody can).
    isE2eeRequired: true,
  };
}

export const CreateMeetingBody = z.object({
  kind: MeetingKind,
  /** Ignored (always true) for clinical meetings. */
  hasPersonalData: z.boolean(),
  title: z.optional(z.string().check(z.trim(), z.maxLength(100), noControlCharacters())),
});
export type CreateMeetingBody = z.infer<typeof CreateMeetingBody>;

export const MeetingView = z.object({
  id: Id,
  kind: MeetingKind,
  hasPersonalData: z.boolean(),
  title: z.nullable(z.string()),
  policy: MeetingPolicy,
  status: ConsultationStatus,
  createdAt: Timestamp,
  startedAt: z.nullable(Timestamp),
  endedAt: z.nullable(Timestamp),
  isLocked: z.boolean(),
  invitations: z.array(InvitationView),
  waiting: z.array(WaitingEntry),
  admittedCount: z.int().check(z.minimum(0)),
  /** Who must be identified how to be let in (issue 8): the policy table, as the organisation tightened it. */
  identificationRequirements: z.optional(IdentificationRequirements),
});
export type MeetingView = z.infer<typeof MeetingView>;

export const CreatedMeeting = z.object({ meeting: MeetingView, invitation: InvitationView });
export type CreatedMeeting = z.infer<typeof CreatedMeeting>;
export const MeetingList = z.object({ meetings: z.array(MeetingView) });
export type MeetingList = z.infer<typeof MeetingList>;

/** Roles a meeting link gives: guests from outside the organisation. */
export const MeetingInvitationRole = InvitationRole;
