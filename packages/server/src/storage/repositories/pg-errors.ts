/** SQLSTATE of a unique-constraint violation (PostgreSQL and PGlite alike). */
const UNIQUE_VIOLATION = '23505';

/** True when `err` is PostgreSQL's unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === UNIQUE_VIOLATION;
}
