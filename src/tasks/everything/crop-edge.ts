/**
 * SAM's `is_box_near_crop_edge`: masks cut by an inner crop edge are partial objects and are
 * dropped. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { XyxyBox } from './crop-boxes.js';

/** The reference's tolerance, in pixels. */
const EDGE_TOLERANCE = 20;

/**
 * True when some side of `box` (crop coordinates, inclusive right/bottom as from maskBox) lies
 * within 20 px of the same side of the crop but not within 20 px of that side of the image.
 * Sides are compared one to one (left with left …), as the reference's element-wise `isclose` does,
 * so a right edge at x1 − 1 counts as touching the crop's exclusive x1.
 */
export function isBoxNearCropEdge(box: XyxyBox, crop: XyxyBox, imageWidth: number, imageHeight: number): boolean {
  const image: XyxyBox = [0, 0, imageWidth, imageHeight];
  const offsets = [crop[0], crop[1], crop[0], crop[1]];
  for (let k = 0; k < 4; k++) {
    const v = box[k]! + offsets[k]!;
    if (Math.abs(v - crop[k]!) <= EDGE_TOLERANCE && !(Math.abs(v - image[k]!) <= EDGE_TOLERANCE)) return true;
  }
  return false;
}
