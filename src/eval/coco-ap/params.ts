/**
 * COCOeval's default parameters for segm evaluation and the checks on caller-supplied ones, so the
 * matching and accumulation code can assume sorted, distinct, finite values.
 */
import { InvalidInputError } from '../../core/errors.js';
import { linspace } from './numpy.js';
import type { AreaRange, CocoApOptions } from './types.js';

export interface Params {
  useCats: boolean;
  iouThresholds: number[];
  recallThresholds: number[];
  maxDets: number[];
  areaRanges: AreaRange[];
}

/** pycocotools writes the upper bound as 1e5 ** 2. */
const HUGE = 1e5 ** 2;

export const DEFAULT_AREA_RANGES: readonly AreaRange[] = [
  { label: 'all', min: 0, max: HUGE },
  { label: 'small', min: 0, max: 32 ** 2 },
  { label: 'medium', min: 32 ** 2, max: 96 ** 2 },
  { label: 'large', min: 96 ** 2, max: HUGE },
];

export function resolveParams(options: CocoApOptions): Params {
  const iouThresholds = options.iouThresholds ? [...options.iouThresholds] : linspace(0.5, 0.95, 10);
  iouThresholds.forEach((t, i) => {
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) {
      throw new InvalidInputError(`iouThresholds[${i}]`, 'a number from 0 to 1', `got ${String(t)}`);
    }
  });
  if (iouThresholds.length === 0) throw new InvalidInputError('iouThresholds', 'at least one threshold');
  const maxDets = [...(options.maxDets ?? [1, 10, 100])].sort((a, b) => a - b);
  maxDets.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 1) throw new InvalidInputError(`maxDets[${i}]`, 'a positive integer', `got ${String(m)}`);
    // summarize() finds a maxDets value by equality; a repeated one would be ambiguous there.
    if (i > 0 && m === maxDets[i - 1]) throw new InvalidInputError('maxDets', 'distinct values', `${m} is repeated`);
  });
  if (maxDets.length === 0) throw new InvalidInputError('maxDets', 'at least one value');
  const areaRanges = (options.areaRanges ?? DEFAULT_AREA_RANGES).map((range) => ({ ...range }));
  areaRanges.forEach((range, i) => {
    if (typeof range.label !== 'string' || !(range.min <= range.max)) {
      throw new InvalidInputError(`areaRanges[${i}]`, '{ label, min, max } with min <= max');
    }
    if (areaRanges.findIndex((r) => r.label === range.label) !== i) {
      throw new InvalidInputError(`areaRanges[${i}].label`, 'a label not used by another range', `got ${JSON.stringify(range.label)}`);
    }
  });
  if (areaRanges.length === 0) throw new InvalidInputError('areaRanges', 'at least one range');
  return {
    useCats: options.useCats ?? true,
    iouThresholds,
    recallThresholds: linspace(0, 1, 101),
    maxDets,
    areaRanges,
  };
}
