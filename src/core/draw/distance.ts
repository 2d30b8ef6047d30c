/**
 * Per-mask geometry for drawing: the bounding box and a chamfer distance to the background, which
 * gives both the outline band (small distances) and a label anchor (the largest distance).
 */
import type { Mask } from '../mask.js';

/** Inclusive-exclusive pixel box: columns x0 … x1 − 1, rows y0 … y1 − 1. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Chamfer weights for a straight and a diagonal step; 3-4 approximates Euclidean distance × 3 within 8%. */
export const STEP = 3;
const DIAGONAL = 4;

/** The tight box around the mask's foreground, or undefined when the mask is empty. */
export function maskBox(mask: Mask): Box | undefined {
  const { width, height, data } = mask;
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    // Native indexOf/lastIndexOf scan a row far faster than a JS loop.
    const row = data.subarray(y * width, (y + 1) * width);
    const first = row.indexOf(1);
    if (first < 0) continue;
    if (first < x0) x0 = first;
    const last = row.lastIndexOf(1);
    if (last >= x1) x1 = last + 1;
    if (y < y0) y0 = y;
    y1 = y + 1;
  }
  return x1 > 0 ? { x0, y0, x1, y1 } : undefined;
}

/** The centre of the pixel deepest inside `mask` (inside even for a ring or an L), or undefined for an empty mask. */
export function deepestPoint(mask: Mask): [number, number] | undefined {
  const box = maskBox(mask);
  if (!box) return undefined;
  const { x, y } = deepestPixel(chamferDistance(mask, box), box);
  return [x + 0.5, y + 0.5];
}

/**
 * 3-4 chamfer distance from each foreground pixel of the box to the nearest background pixel
 * (anything outside the mask or the image counts as background); 0 on background. A pixel with a
 * background 4-neighbour gets {@link STEP}. Row-major over the box.
 */
export function chamferDistance(mask: Mask, box: Box): Int32Array {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  // A one-pixel frame of background around the box removes every bounds check from the passes.
  const pw = w + 2;
  const d = new Int32Array(pw * (h + 2));
  for (let y = 0; y < h; y++) {
    const from = (y + box.y0) * mask.width + box.x0;
    const to = (y + 1) * pw + 1;
    for (let x = 0; x < w; x++) d[to + x] = mask.data[from + x] ? 0x3fffffff : 0;
  }
  for (let y = 1; y <= h; y++) {
    for (let i = y * pw + 1, end = i + w; i < end; i++) {
      if (d[i] === 0) continue;
      const straight = Math.min(d[i - 1]!, d[i - pw]!) + STEP;
      const diagonal = Math.min(d[i - pw - 1]!, d[i - pw + 1]!) + DIAGONAL;
      d[i] = straight < diagonal ? straight : diagonal;
    }
  }
  for (let y = h; y >= 1; y--) {
    for (let i = y * pw + w, end = y * pw; i > end; i--) {
      const v = d[i]!;
      if (v === 0) continue;
      const straight = Math.min(d[i + 1]!, d[i + pw]!) + STEP;
      const diagonal = Math.min(d[i + pw + 1]!, d[i + pw - 1]!) + DIAGONAL;
      d[i] = Math.min(v, straight, diagonal);
    }
  }
  const out = new Int32Array(w * h);
  for (let y = 0; y < h; y++) out.set(d.subarray((y + 1) * pw + 1, (y + 1) * pw + 1 + w), y * w);
  return out;
}

/**
 * The pixel deepest inside the mask (largest distance to the background), a cheap pole of
 * inaccessibility: it lies in the widest part of the largest blob, never in a hole or a thin arm.
 * Ties go to the pixel nearest the box centre, so symmetric shapes are labelled in their middle.
 */
export function deepestPixel(distance: Int32Array, box: Box): { x: number; y: number } {
  const w = box.x1 - box.x0;
  const cx = (w - 1) / 2;
  const cy = (box.y1 - box.y0 - 1) / 2;
  let best = -1;
  let bestOffset = Infinity;
  let bx = 0;
  let by = 0;
  for (let i = 0; i < distance.length; i++) {
    const v = distance[i]!;
    if (v < best) continue;
    const x = i % w;
    const y = (i - x) / w;
    const offset = (x - cx) ** 2 + (y - cy) ** 2;
    if (v > best || offset < bestOffset) {
      best = v;
      bestOffset = offset;
      bx = x;
      by = y;
    }
  }
  return { x: bx + box.x0, y: by + box.y0 };
}
