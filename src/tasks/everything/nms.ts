/**
 * Box non-maximum suppression with the semantics of torchvision's `batched_nms` on one category,
 * float32 arithmetic included. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { XyxyBox } from './crop-boxes.js';

/**
 * Indices of the kept boxes, best score first. Boxes are visited by score, descending, with
 * ties in input order (torchvision sorts stably); a box is suppressed when its IoU with a kept box
 * is > `iouThreshold`. IoU is computed as torchvision's CPU kernel does: float32 areas
 * (x2 − x1)(y2 − y1) with no +1, intersection clamped at 0, `inter / (area_i + area_j − inter)`
 * rounded to float32 and compared with the threshold in double precision.
 *
 * torchvision switches to a per-category loop above 1000 boxes on CPU, which re-sorts the kept
 * indices with torch's default (unstable) sort: the kept set is the same, but the order of
 * exactly tied scores can differ there. owseg always uses the stable order.
 */
export function boxNms(boxes: readonly XyxyBox[], scores: ArrayLike<number>, iouThreshold: number): number[] {
  const n = boxes.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const areas = boxes.map(([x1, y1, x2, y2]) => Math.fround(Math.fround(x2 - x1) * Math.fround(y2 - y1)));
  const suppressed = new Uint8Array(n);
  const keep: number[] = [];
  for (let a = 0; a < n; a++) {
    const i = order[a]!;
    if (suppressed[i]) continue;
    keep.push(i);
    const [ix1, iy1, ix2, iy2] = boxes[i]!;
    const iarea = areas[i]!;
    for (let b = a + 1; b < n; b++) {
      const j = order[b]!;
      if (suppressed[j]) continue;
      const [jx1, jy1, jx2, jy2] = boxes[j]!;
      const w = Math.max(0, Math.fround(Math.min(ix2, jx2) - Math.max(ix1, jx1)));
      const h = Math.max(0, Math.fround(Math.min(iy2, jy2) - Math.max(iy1, jy1)));
      const inter = Math.fround(w * h);
      const iou = Math.fround(inter / Math.fround(Math.fround(iarea + areas[j]!) - inter));
      if (iou > iouThreshold) suppressed[j] = 1;
    }
  }
  return keep;
}
