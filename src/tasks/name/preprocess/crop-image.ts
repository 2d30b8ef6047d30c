/**
 * Cutting an end-exclusive box out of an RGB image (PIL `Image.crop` for a box inside the image),
 * shared by tiling and region crops.
 */
import type { RgbImage } from '../../../core/image/rgb-image.js';

/** The pixels of `image` in `[x0, y0, x1, y1)`; callers guarantee the box lies inside the image. */
export function cropImage(image: RgbImage, box: readonly [number, number, number, number]): RgbImage {
  const [x0, y0, x1, y1] = box;
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 3;
    data.set(image.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { width, height, data };
}
