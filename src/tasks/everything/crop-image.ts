/**
 * Cuts a crop box out of an RGB image (`image[y0:y1, x0:x1]` in the reference).
 * Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { RgbImage } from '../../core/image/index.js';
import type { XyxyBox } from './crop-boxes.js';

export function cropImage(image: RgbImage, [x0, y0, x1, y1]: XyxyBox): RgbImage {
  if (x0 === 0 && y0 === 0 && x1 === image.width && y1 === image.height) return image;
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y + y0) * image.width + x0) * 3;
    data.set(image.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, data };
}
