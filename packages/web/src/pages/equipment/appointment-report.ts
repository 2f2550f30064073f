/**
 * The equipment test opened from an invitation (issue 9): the e-mail links `/test#<key>`, and a
 * finished run tells the clinic only when it ran and whether the call should work, so the day
 * view can show "equipment tested". The key stays in the fragment (browsers never send it in a
 * request or a Referer) and goes to the server in the body of that one report.
 */
import type { EquipmentTestVerdict } from '@samtale/protocol';
import type { ApiClient } from '../../api/ApiClient.ts';
import type { Verdict } from './verdict.ts';

/** The key of an invitation's `/test#<key>` link, or null when `/test` was opened without one. */
export function appointmentKeyOf(hash: string): string | null {
  const key = hash.startsWith('#') ? hash.slice(1) : hash;
  return /^[A-Za-z0-9_-]{43}$/.test(key) ? key : null;
}

/** What the clinic is told: the call should work (good, or works with advice), or something must be fixed. */
export function reportedVerdict(level: Verdict['level']): EquipmentTestVerdict {
  return level === 'bad' ? 'problem' : 'ok';
}

/** Reports a finished run for the appointment whose link carried `key`. */
export function reportToAppointment(api: ApiClient, key: string, level: Verdict['level']): Promise<void> {
  return api.postEmpty('/api/equipment-test/result', { key, verdict: reportedVerdict(level) });
}
