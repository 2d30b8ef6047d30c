/**
 * Encoding {@link RgbImage}s to files and buffers with sharp; the format follows the file
 * extension so callers never pass format flags.
 */
import sharp, { type Sharp } from 'sharp';
import { InvalidInputError } from '../errors.js';
import { assertRgbImage, type RgbImage } from './rgb-image.js';

function fromRaw(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

/** Lossless PNG bytes of the image. */
export async function encodePng(image: RgbImage): Promise<Buffer> {
  assertRgbImage(image);
  return fromRaw(image).png().toBuffer();
}

/**
 * Writes the image to `path`, choosing the format from its extension (case-insensitive):
 * `.png` lossless PNG; `.jpg`/`.jpeg` JPEG quality 90 without chroma subsampling (so overlay
 * text and outlines stay crisp); `.webp` lossless WebP. Any other extension is refused.
 */
export async function saveImage(image: RgbImage, path: string): Promise<void> {
  assertRgbImage(image);
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  const encoder = fromRaw(image);
  switch (extension) {
    case 'png':
      await encoder.png().toFile(path);
      return;
    case 'jpg':
    case 'jpeg':
      await encoder.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toFile(path);
      return;
    case 'webp':
      await encoder.webp({ lossless: true }).toFile(path);
      return;
    default:
      throw new InvalidInputError('path', 'a file name ending in .png, .jpg, .jpeg or .webp', `got ${path}`);
  }
}
