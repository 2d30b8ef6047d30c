/**
 * Moves crop-frame results back into the image frame (the reference's `uncrop_*` helpers).
 * Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import { encode, type Rle } from '../../core/rle/index.js';
import type { XyxyBox } from './crop-boxes.js';

/** A box in crop coordinates shifted by the crop's origin. */
export function uncropBox(box: XyxyBox, crop: XyxyBox): XyxyBox {
  return [box[0] + crop[0], box[1] + crop[1], box[2] + crop[0], box[3] + crop[1]];
}

/**
 * RLE of a crop-sized mask placed in an image-sized canvas of zeros (`uncrop_masks` then RLE).
 * `scratch` is one image-sized buffer reused for every mask of a crop; it is all zeros on return.
 */
export function uncroppedRle(mask: Uint8Array, crop: XyxyBox, imageWidth: number, imageHeight: number, scratch: Uint8Array): Rle {
  const [x0, y0, x1, y1] = crop;
  const width = x1 - x0;
  if (x0 === 0 && y0 === 0 && x1 === imageWidth && y1 === imageHeight) {
    return encode({ width: imageWidth, height: imageHeight, data: mask });
  }
  for (let y = y0; y < y1; y++) scratch.set(mask.subarray((y - y0) * width, (y - y0 + 1) * width), y * imageWidth + x0);
  const rle = encode({ width: imageWidth, height: imageHeight, data: scratch });
  for (let y = y0; y < y1; y++) scratch.fill(0, y * imageWidth + x0, y * imageWidth + x1);
  return rle;
}
