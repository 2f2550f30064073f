/**
 * The one list of a consultation's personal values that the retention purge erases once the
 * consultation has been over for the category's period (issue 8, ADR 0016). A feature that stores
 * a new name, free text or identity hash tied to a consultation adds one line here (and nothing
 * else): the purge, its dry run and its counts pick it up. The column must be nullable, or hold a
 * harmless `erased` value; a row counts once per value erased.
 */
import type { RetentionCategory } from '@samtale/protocol';

export interface PersonalColumn {
  category: Extract<RetentionCategory, 'consultationNames' | 'identityHashes'>;
  /** Table and column as in SQL (snake_case). */
  table: string;
  column: string;
  /** The column of `table` holding the consultation's id (`id` for consultations itself). */
  consultationKey: string;
  /** What the value becomes: null, or '' where the column is NOT NULL. */
  erased: null | '';
}

export const PERSONAL_COLUMNS: readonly PersonalColumn[] = [
  // A consultation's label or a meeting's title often names the patient.
  { category: 'consultationNames', table: 'consultations', column: 'label', consultationKey: 'id', erased: null },
  // The names people typed or their accounts gave them.
  {
    category: 'consultationNames',
    table: 'participants',
    column: 'display_name',
    consultationKey: 'consultation_id',
    erased: '',
  },
  {
    category: 'consultationNames',
    table: 'appointments',
    column: 'label',
    consultationKey: 'consultation_id',
    erased: null,
  },
  // The keyed hashes of identity numbers (issue 8): the expected patient's on the consultation,
  // an ID-porten patient's pid on the participant.
  {
    category: 'identityHashes',
    table: 'consultations',
    column: 'expected_patient_hmac',
    consultationKey: 'id',
    erased: null,
  },
  {
    category: 'identityHashes',
    table: 'participants',
    column: 'pid_hmac',
    consultationKey: 'consultation_id',
    erased: null,
  },
];
