/**
 * The pixels of one Mask2Token region: the reference crops the tiled PIL image and sends the crop
 * through build_transform, whose Resize((S, S), BICUBIC) is Pillow's bicubic resize.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { resizeImage } from '../../../core/image/resize.js';
import { assertPositiveInteger, assertRgbImage, type RgbImage } from '../../../core/image/rgb-image.js';
import { cropImage } from './crop-image.js';
import type { CropBox } from './crop-box.js';

export interface RegionPixelsOptions {
  tileSize?: number;
}

/**
 * `resized_img.crop(box)` then Pillow bicubic to tileSize × tileSize (an unchanged copy when the
 * crop already has that size, as Pillow returns), bit-exact with Pillow 9.4. `box` is end-exclusive
 * and must lie inside `image`.
 */
export function regionPixels(image: RgbImage, box: CropBox, options: RegionPixelsOptions = {}): RgbImage {
  assertRgbImage(image);
  const tileSize = options.tileSize ?? 448;
  assertPositiveInteger(tileSize, 'options.tileSize');
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => Number.isInteger(v))) {
    throw new InvalidInputError('box', 'four integers [x0, y0, x1, y1]', `got ${JSON.stringify(box)}`);
  }
  const [x0, y0, x1, y1] = box;
  if (x0 < 0 || y0 < 0 || x1 > image.width || y1 > image.height || x1 <= x0 || y1 <= y0) {
    throw new InvalidInputError('box', `a non-empty box inside the ${image.width} × ${image.height} image`, `got [${box.join(', ')}]`);
  }
  const cropped = cropImage(image, box);
  if (cropped.width === tileSize && cropped.height === tileSize) return cropped;
  return resizeImage(cropped, tileSize, tileSize, { filter: 'bicubic', convention: 'pil' });
}
