import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** Parses `value` with `schema`, or throws VALIDATION_FAILED (the zod issues stay out of the answer). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION_FAILED', { cause: result.error });
  return result.data;
}
