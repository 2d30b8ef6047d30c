/**
 * Cropping a mask to a pixel box. A box that is not inside the mask is an error rather than
 * silently clamped, because a clamped crop would change the caller's coordinates without telling.
 */
import { InvalidInputError } from '../errors.js';
import { assertMask, type Mask } from '../mask.js';
import type { PixelBox } from './args.js';

/**
 * The part of `mask` inside the end-exclusive box `[x0, y0, x1, y1]` (columns x0…x1−1, rows
 * y0…y1−1), as a new mask of size (y1 − y0) × (x1 − x0). The box must satisfy
 * 0 ≤ x0 ≤ x1 ≤ width and 0 ≤ y0 ≤ y1 ≤ height; an empty box gives an empty mask. A box that is
 * wholly or partly outside the mask throws an InvalidInputError naming `box`.
 */
export function crop(mask: Mask, box: PixelBox): Mask {
  assertMask(mask);
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => Number.isInteger(v))) {
    throw new InvalidInputError('box', 'four integers [x0, y0, x1, y1]', `got ${JSON.stringify(box)}`);
  }
  const [x0, y0, x1, y1] = box;
  if (x0 < 0 || y0 < 0 || x1 > mask.width || y1 > mask.height || x1 < x0 || y1 < y0) {
    throw new InvalidInputError(
      'box',
      `0 ≤ x0 ≤ x1 ≤ ${mask.width} and 0 ≤ y0 ≤ y1 ≤ ${mask.height} (inside the mask)`,
      `got [${box.join(', ')}]`,
    );
  }
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (y0 + y) * mask.width + x0;
    data.set(mask.data.subarray(from, from + width), y * width);
  }
  return { height, width, data };
}
