/**
 * Thing or stuff from a mask's shape when no vocabulary says which: a fallback that needs only the
 * mask, so every free name can still be written with an isthing flag.
 */
import { checkOptions } from '../../core/bitmap/args.js';
import { InvalidInputError } from '../../core/errors.js';
import { assertMask, type Mask } from '../../core/mask.js';

export interface ThingOrStuffOptions {
  /** Stuff at or above this fraction of the image (default 0.3): objects rarely fill a third of a photo, sky, walls and floors do. */
  stuffCoverage?: number;
  /** A mask touching two or more image borders is stuff below this fill of its box (default 0.5): it sprawls along the frame instead of forming a compact object. */
  sprawlFill?: number;
}

export const THING_OR_STUFF_DEFAULTS = { stuffCoverage: 0.3, sprawlFill: 0.5 } as const;

/**
 * `mask` is the full-image mask (the border tests need the frame), so the image area is its
 * height × width. Stuff when any of:
 * 1. it covers `area / imageArea ≥ stuffCoverage` of the image — surroundings, not an object;
 * 2. it spans the frame, touching two opposite borders — a band of sky, road, wall or water;
 * 3. it touches two or more borders and fills `area / boxArea < sprawlFill` of its box — it
 *    sprawls along the frame, as ground and background do, where objects are compact.
 * A thing otherwise. An empty mask has no shape and is refused.
 */
export function isThingByShape(mask: Mask, options: ThingOrStuffOptions = {}): boolean {
  assertMask(mask);
  checkOptions(options, 'options');
  const stuffCoverage = checkFraction(options.stuffCoverage ?? THING_OR_STUFF_DEFAULTS.stuffCoverage, 'options.stuffCoverage');
  const sprawlFill = checkFraction(options.sprawlFill ?? THING_OR_STUFF_DEFAULTS.sprawlFill, 'options.sprawlFill');
  const { height, width, data } = mask;
  let area = 0;
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    const x = i % width;
    const y = (i - x) / width;
    area++;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = y;
  }
  if (area === 0) throw new InvalidInputError('mask', 'at least one foreground pixel');
  if (area / (height * width) >= stuffCoverage) return false;
  const [left, top, right, bottom] = [x0 === 0, y0 === 0, x1 === width - 1, y1 === height - 1];
  if ((left && right) || (top && bottom)) return false;
  const borders = Number(left) + Number(top) + Number(right) + Number(bottom);
  return !(borders >= 2 && area / ((x1 - x0 + 1) * (y1 - y0 + 1)) < sprawlFill);
}

function checkFraction(value: unknown, field: string): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new InvalidInputError(field, 'a number in (0, 1]', `got ${String(value)}`);
  }
  return value;
}
