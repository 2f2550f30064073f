import type { AuditAction } from '@samtale/protocol';

/**
 * Every kind of audit event, classed: `security` events are always written one row each (who got
 * in or was let in, sent out, removed, declined; logins and failed logins; accounts, links and
 * consultations made or withdrawn; consent; a consultation's end). `repeatable` ones only say that
 * someone came back or went again, which a reconnecting client (or a flood) repeats: identical
 * repeats may be coalesced. A new kind must be classed here (the type requires it).
 */
export const AUDIT_ACTION_CLASS = {
  login: 'security',
  login_failed: 'security',
  logout: 'security',
  user_created: 'security',
  consultation_created: 'security',
  invitation_created: 'security',
  invitation_used: 'repeatable',
  invitation_revoked: 'security',
  consent_given: 'security',
  waiting: 'repeatable',
  admitted: 'security',
  declined: 'security',
  returned_to_waiting: 'security',
  removed: 'security',
  joined: 'security',
  left: 'repeatable',
  ended: 'security',
  // Retention (issue 8): an admin changed the periods; a purge run removed data (counts only).
  retention_changed: 'security',
  retention_purged: 'security',
  // A clinician's bookings: each one is an action on a patient's appointment.
  appointment_booked: 'security',
  appointment_rescheduled: 'security',
  appointment_cancelled: 'security',
  // A member's sign-in credentials (issue 8).
  passkey_registered: 'security',
  passkey_removed: 'security',
  passkey_requirement_changed: 'security',
  credentials_reset: 'security',
  // Issue 9: consent withdrawn, an organisation's texts or checklist saved, a checklist item
  // ticked or unticked (ids only, never text).
  consent_withdrawn: 'security',
  patient_text_saved: 'security',
  checklist_saved: 'security',
  checklist_item_ticked: 'security',
  checklist_item_unticked: 'security',
  id_shown_in_video: 'security',
  journal_settings_changed: 'security',
  // An admin changed what patients are sent.
  message_template_saved: 'security',
  reminder_offsets_changed: 'security',
  // A member connected their account to a HelseID login (issue 8).
  helseid_linked: 'security',
  // A patient identified with ID-porten for a link, or was refused (level, code; never the pid).
  idporten_identified: 'security',
  idporten_refused: 'security',
} as const satisfies Record<AuditAction, 'security' | 'repeatable'>;
