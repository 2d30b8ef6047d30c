/**
 * Hole filling: background that cannot reach the mask's border becomes foreground, as
 * scipy.ndimage.binary_fill_holes does.
 */
import { assertMask, type Mask } from '../mask.js';
import { checkConnectivity, checkOptions, type Connectivity } from './args.js';

export interface FillHolesOptions {
  /**
   * How background pixels connect to each other on their way to the border. 4 (default, as
   * scipy's default structure, and the right partner of 8-connected foreground): a background
   * pixel that meets the outside region only at a corner is a hole. 8: corner contact is enough
   * to escape, so fewer pixels count as holes.
   */
  connectivity?: Connectivity;
}

/** A new mask with every background region that does not touch the border filled in. */
export function fillHoles(mask: Mask, options?: FillHolesOptions): Mask {
  assertMask(mask);
  checkOptions(options, 'options');
  const connectivity = options?.connectivity ?? 4;
  checkConnectivity(connectivity, 'options.connectivity');
  const { height, width } = mask;
  if (height === 0 || width === 0) return { height, width, data: new Uint8Array(0) };
  // Start as all foreground, then carve out the background reachable from the border.
  const data = new Uint8Array(height * width).fill(1);
  const queue = new Int32Array(height * width);
  let head = 0;
  let tail = 0;
  const visit = (x: number, y: number): void => {
    const i = y * width + x;
    if (mask.data[i] === 0 && data[i] === 1) {
      data[i] = 0;
      queue[tail++] = i;
    }
  };
  for (let x = 0; x < width; x++) {
    visit(x, 0);
    visit(x, height - 1);
  }
  for (let y = 0; y < height; y++) {
    visit(0, y);
    visit(width - 1, y);
  }
  while (head < tail) {
    const i = queue[head++]!;
    const x = i % width;
    const y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if ((dx === 0 && dy === 0) || (connectivity === 4 && dx !== 0 && dy !== 0)) continue;
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < width && ny < height) visit(nx, ny);
      }
    }
  }
  return { height, width, data };
}
