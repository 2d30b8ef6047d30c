/**
 * Schema pieces every format shares, with messages in owseg's "expected …" wording where zod's
 * own would mislead (it reports an integer's bounds as a number's).
 */
import { z } from 'zod';

/** An integer, optionally at least `min`; both failures say "integer". */
export function int(min?: number): z.ZodInt {
  const schema = z.int({ error: 'an integer' });
  return min === undefined ? schema : schema.min(min, { error: `an integer >= ${min}` });
}

/** COCO ids: any integer (COCO and LVIS use positive ones, other datasets start at 0). */
export const idSchema = int();

export const bboxSchema = z.tuple([z.number(), z.number(), z.number().nonnegative(), z.number().nonnegative()], {
  error: '[x, y, width, height]',
});
