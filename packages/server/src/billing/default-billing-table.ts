/**
 * The billing-code table shipped with Samtale (data, not logic: ADR 0019). Every row is marked
 * unconfirmed, as CLINICAL.md says: an organisation's admin checks and saves its own table.
 */
import { readFileSync } from 'node:fs';
import { BillingTable } from '@samtale/protocol';

const FILE = new URL('./default-billing-table.json', import.meta.url);

/** The shipped default table, parsed with the same schema an admin's table must pass. */
export function defaultBillingTable(): BillingTable {
  return BillingTable.parse(JSON.parse(readFileSync(FILE, 'utf8')));
}
