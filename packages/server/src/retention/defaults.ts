/**
 * The retention periods an organisation has until an admin changes them: the protocol's
 * documented defaults, with the appointment contacts' period from CONTACT_RETENTION_DAYS.
 */
import { RETENTION_BOUNDS, RETENTION_CATEGORIES, type RetentionSettings } from '@samtale/protocol';
import type { Config } from '../config/config.ts';

export function retentionDefaults(config: Pick<Config, 'contactRetentionDays'>): RetentionSettings {
  const defaults = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, RETENTION_BOUNDS[c].default]));
  return { ...(defaults as RetentionSettings), appointmentContacts: config.contactRetentionDays };
}
