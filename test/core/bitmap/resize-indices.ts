/**
 * Test helper: recovers the source index resizeNearest uses for each output column through its
 * public API, by resizing one bit plane of the column index at a time.
 */
import { resizeNearest, type ResizeConvention } from '../../../src/core/bitmap/index.js';

export function sourceIndicesOf(inSize: number, outSize: number, convention: ResizeConvention): number[] {
  const indices = new Array<number>(outSize).fill(0);
  for (let bit = 0; 1 << bit < inSize; bit++) {
    const data = Uint8Array.from({ length: inSize }, (_, x) => (x >> bit) & 1);
    const plane = resizeNearest({ height: 1, width: inSize, data }, 1, outSize, { convention });
    plane.data.forEach((v, d) => (indices[d]! |= v << bit));
  }
  return indices;
}
