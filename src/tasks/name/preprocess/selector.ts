/**
 * Mask2Token's token selector: the cropped mask on the vision encoder's token grid, and owseg's
 * rule for a mask too thin to cover any cell (the reference has none and would pass zero tokens).
 */
import { componentStats, connectedComponents } from '../../../core/bitmap/components.js';
import { resizeNearest } from '../../../core/bitmap/resize.js';
import type { Mask } from '../../../core/mask.js';

/**
 * The cropped mask resized to grid × grid by the reference's `F.interpolate(size=(16, 16),
 * mode='nearest')` (source index floor(d × float32(in / out))), row-major. If no cell is set, the
 * zero-cell rule sets exactly one: take the largest 8-connected component of `cropped` (ties: the
 * first in raster order), its pixel nearest the centre of its bounding box (squared distance in
 * half-pixel units; ties: the first in raster order), and set the cell whose area contains that
 * pixel, (floor(x · grid / width), floor(y · grid / height)). The region then still gets one token,
 * taken from where the mask really is.
 */
export function maskSelector(cropped: Mask, grid: number): Uint8Array {
  const selector = resizeNearest(cropped, grid, grid, { convention: 'floor' }).data;
  if (selector.includes(1)) return selector;
  const [x, y] = anchorPixel(cropped);
  const col = Math.floor((x * grid) / cropped.width);
  const row = Math.floor((y * grid) / cropped.height);
  selector[row * grid + col] = 1;
  return selector;
}

/** The zero-cell rule's pixel; `mask` has at least one nonzero pixel. */
function anchorPixel(mask: Mask): [number, number] {
  const components = connectedComponents(mask, 8);
  const stats = componentStats(components);
  const largest = stats.reduce((best, s) => (s.area > best.area ? s : best));
  const [x0, y0, x1, y1] = largest.box;
  let best: [number, number] = [x0, y0];
  let bestDistance = Infinity;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (components.labels[y * mask.width + x] !== largest.label) continue;
      // Twice the offset from the box centre ((x0 + x1) / 2 in pixel-centre terms), kept integral.
      const dx = 2 * x + 1 - (x0 + x1);
      const dy = 2 * y + 1 - (y0 + y1);
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = [x, y];
      }
    }
  }
  return best;
}
