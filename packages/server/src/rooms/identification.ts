/**
 * The identity rules of a room (issue 8): who must be identified how before they are admitted
 * (the call's `IdentificationRequirements`, from the policy table in the protocol), and the
 * host's record of an identity document shown in the video.
 */
import { satisfies, type Audience, type Identification, type IdentificationRequirements } from '@samtale/protocol';
import { refuse } from './refusal.ts';
import type { RoomEffects } from './RoomEffects.ts';
import type { RoomParticipant } from './types.ts';

/** Whose rule applies to `p`: members logged in (hosts, colleagues), the patient, other guests. */
export function audienceOf(p: Pick<RoomParticipant, 'role' | 'userId'>): Audience {
  if (p.userId !== null || p.role === 'host') return 'member';
  return p.role === 'patient' ? 'patient' : 'guest';
}

/** True when `p` is identified well enough to be in the call under `r` (no rules: everyone is). */
export function isIdentifiedEnough(
  p: Pick<RoomParticipant, 'role' | 'userId' | 'identification'>,
  r: IdentificationRequirements | null,
): boolean {
  return r === null || satisfies(p.identification, r[audienceOf(p)]);
}

/** Refuses with IDENTIFICATION_REQUIRED when `p` may not be in the call under `r`. */
export function requireIdentified(
  p: Pick<RoomParticipant, 'role' | 'userId' | 'identification'>,
  r: IdentificationRequirements | null,
): void {
  if (!isIdentifiedEnough(p, r)) refuse('IDENTIFICATION_REQUIRED');
}

/**
 * The host (`host`, checked by the caller) saw `subject`'s identity document in the video: a guest
 * waiting or in the call. Members are identified by their login, and an e-ID (ID-porten) is
 * stronger than a look at a card, so neither is replaced.
 */
export function recordIdShownInVideo(fx: RoomEffects, host: RoomParticipant, subject: RoomParticipant): void {
  if (subject.state !== 'waiting' && subject.state !== 'admitted') refuse('INVALID_STATE');
  if (subject.userId !== null || subject.role === 'host' || subject.identification.kind === 'idporten') {
    refuse('INVALID_STATE');
  }
  const next: Identification = { kind: 'id-shown-in-video', recordedByName: host.displayName };
  fx.setState(subject, { identification: next });
  fx.audit('id_shown_in_video', host.id, subject.id);
}
