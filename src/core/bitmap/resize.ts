/**
 * Nearest-neighbour mask resizing with the source-index rule of a named reference library, so a
 * resized mask matches the reference pixel for pixel (WOW-Seg's Mask2Token depends on it).
 */
import { InvalidInputError } from '../errors.js';
import { assertMask, type Mask } from '../mask.js';
import { checkOptions, checkPositiveInteger } from './args.js';

/**
 * How an output index `d` picks its source index, with `scale = float32(in / out)`:
 *
 * - `'floor'`: `floor(float32(d × scale))`. Reproduces torch `F.interpolate(x, size=…,
 *   mode='nearest')` bit for bit, which is what the WOW-Seg reference uses for every mask resize
 *   (Mask2Token in internvl_chat_finetune.py and wow_eval/single_mask_infer.py). torch called with
 *   `scale_factor=` instead of `size=` uses `1 / scale_factor` as the scale, which is not covered.
 *   OpenCV `INTER_NEAREST` uses the same rule in double precision with the scale `1 / (out / in)`,
 *   so it can pick a different index where `d × in / out` lies within rounding of an integer.
 * - `'center'`: `floor(float32((d + 0.5) × scale))`, sampling at pixel centres. Reproduces torch
 *   `mode='nearest-exact'` bit for bit. PIL `Image.NEAREST` means the same rule but accumulates the
 *   position in float64, so where `(d + 0.5) × in / out` is an integer, or within float32 rounding
 *   of one, the two can read adjacent source indices (about a third of exact ties); elsewhere they
 *   agree.
 *
 * Both clamp to `in − 1`. The float32 rounding is deliberate: torch computes the scale and the
 * product in float32, and exact rational arithmetic picks different indices for some sizes.
 */
export type ResizeConvention = 'floor' | 'center';

export interface ResizeOptions {
  /** Source-index rule; default `'floor'`, the one WOW-Seg's masks go through. */
  convention?: ResizeConvention;
}

/** `mask` resized to `height` × `width` by nearest-neighbour sampling (see {@link ResizeConvention}). */
export function resizeNearest(mask: Mask, height: number, width: number, options?: ResizeOptions): Mask {
  assertMask(mask);
  if (mask.height === 0 || mask.width === 0) {
    throw new InvalidInputError('mask', 'a mask with at least one row and one column', `got ${mask.height} × ${mask.width}`);
  }
  checkPositiveInteger(height, 'height');
  checkPositiveInteger(width, 'width');
  checkOptions(options, 'options');
  const convention = options?.convention ?? 'floor';
  if (convention !== 'floor' && convention !== 'center') {
    throw new InvalidInputError('options.convention', "'floor' or 'center'", `got ${String(convention)}`);
  }
  const rows = sourceIndices(mask.height, height, convention);
  const columns = sourceIndices(mask.width, width, convention);
  const data = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    const from = rows[y]! * mask.width;
    const to = y * width;
    for (let x = 0; x < width; x++) data[to + x] = mask.data[from + columns[x]!]!;
  }
  return { height, width, data };
}

/**
 * Source index for each output index. Math.fround reproduces float32 arithmetic exactly for sizes
 * below 2^24: the products are exact in float64, and rounding in/out to float64 before float32 is
 * innocuous for a division (53 ≥ 2 × 24 + 2 bits).
 */
function sourceIndices(inSize: number, outSize: number, convention: ResizeConvention): Int32Array {
  const scale = Math.fround(inSize / outSize);
  const offset = convention === 'center' ? 0.5 : 0;
  const indices = new Int32Array(outSize);
  for (let d = 0; d < outSize; d++) {
    indices[d] = Math.min(Math.floor(Math.fround((d + offset) * scale)), inSize - 1);
  }
  return indices;
}
