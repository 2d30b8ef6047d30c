/**
 * Seeded random numbers and drawn masks for tests: every run sees the same "random" data,
 * and nobody tuned it to make owseg pass.
 */
import type { Mask } from '../../src/core/mask.js';

export { seededRandom } from '../../src/core/random.js';

/** A mask of independent pixels, each foreground with probability `density`. */
export function noiseMask(height: number, width: number, density: number, random: () => number): Mask {
  const data = new Uint8Array(height * width);
  for (let i = 0; i < data.length; i++) data[i] = random() < density ? 1 : 0;
  return { height, width, data };
}

/** A mask of a few random filled ellipses and rectangles: blob-like, as real segments are. */
export function blobMask(height: number, width: number, shapes: number, random: () => number): Mask {
  const data = new Uint8Array(height * width);
  for (let s = 0; s < shapes; s++) {
    const cx = random() * width;
    const cy = random() * height;
    const rx = 1 + random() * width * 0.3;
    const ry = 1 + random() * height * 0.3;
    const ellipse = random() < 0.5;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = (x + 0.5 - cx) / rx;
        const dy = (y + 0.5 - cy) / ry;
        const inside = ellipse ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1;
        if (inside) data[y * width + x] = 1;
      }
    }
  }
  return { height, width, data };
}

/** A height × width mask with the rectangle [x0, x1) × [y0, y1) set. */
export function rectangleMask(height: number, width: number, [x0, y0, x1, y1]: [number, number, number, number]): Mask {
  const data = new Uint8Array(height * width);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = 1;
  return { height, width, data };
}
