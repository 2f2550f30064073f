import type { z } from 'zod';
import type * as core from 'zod/v4/core';
import { safeParse } from 'zod/v4/core';
import { AppError } from '../errors.ts';

/** Parses `value` with `schema`, or throws VALIDATION_FAILED (the zod issues stay out of the answer). */
export function parseWith<S extends core.$ZodType>(schema: S, value: unknown): z.output<S> {
  const result = safeParse(schema, value);
  if (!result.success) throw new AppError('VALIDATION_FAILED', { cause: result.error });
  return result.data;
}
