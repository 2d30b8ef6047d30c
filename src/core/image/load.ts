/**
 * Decoding image files into {@link RgbImage}s with sharp, refusing bad input (missing, empty, not an
 * image, too large) with messages that name the file and say what to do.
 */
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { InvalidInputError } from '../errors.js';
import type { RgbImage } from './rgb-image.js';

export interface LoadImageOptions {
  /**
   * Largest accepted width × height (default 64,000,000). Checked from the file header before any
   * pixel is decoded, so a decompression bomb costs nothing; `Infinity` disables the check.
   */
  maxPixels?: number;
}

const DEFAULT_MAX_PIXELS = 64_000_000;

/** Bytes or a file that no decoder reads as an image (not an image, truncated, empty). */
export class UnreadableImageError extends InvalidInputError {
  constructor(field: string, detail: string) {
    super(field, READABLE, detail);
    this.name = 'UnreadableImageError';
  }
}

/** A readable image over the pixel limit, refused from its header before decoding. */
export class TooManyPixelsError extends InvalidInputError {
  readonly pixels: number;
  readonly maxPixels: number;

  constructor(field: string, width: number, height: number, maxPixels: number) {
    const pixels = width * height;
    super(field, `an image of at most ${maxPixels} pixels`, `it is ${width}×${height} = ${pixels} pixels; pass { maxPixels: ${pixels} } or more to loadImage to accept it`);
    this.name = 'TooManyPixelsError';
    this.pixels = pixels;
    this.maxPixels = maxPixels;
  }
}
const READABLE = 'a readable image (JPEG, PNG, WebP, GIF, TIFF, AVIF, …)';

/**
 * Reads a JPEG, PNG, WebP or any other format sharp decodes (first page/frame only) from a path
 * or from the encoded bytes.
 *
 * The result is what a viewer displays and what Python's `ImageOps.exif_transpose(Image.open(f)).convert("RGB")`
 * returns: EXIF orientation applied (width and height are the displayed ones), alpha dropped
 * (not composited), greyscale expanded to three equal channels, 16-bit samples reduced to 8 bits.
 * Embedded ICC profiles are ignored, as Pillow ignores them, so pixels equal what the Python
 * references feed their models (JPEG, PNG and WebP are checked byte for byte against Pillow).
 */
export async function loadImage(input: string | Uint8Array, options: LoadImageOptions = {}): Promise<RgbImage> {
  const field = typeof input === 'string' ? input : 'image buffer';
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(maxPixels === Infinity || (Number.isInteger(maxPixels) && maxPixels > 0))) {
    throw new InvalidInputError('options.maxPixels', 'a positive integer or Infinity', `got ${String(maxPixels)}`);
  }
  await checkSource(input, field);

  let width: number;
  let height: number;
  try {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    ({ width, height } = meta.autoOrient ?? meta);
  } catch (error) {
    throw new UnreadableImageError(field, `it is not a readable image: ${(error as Error).message}`);
  }
  if (!(width > 0 && height > 0)) {
    throw new InvalidInputError(field, 'an image of at least 1×1 pixels', `it is ${width}×${height}`);
  }
  if (width * height > maxPixels) {
    throw new TooManyPixelsError(field, width, height, maxPixels);
  }

  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels === Infinity ? false : maxPixels, ignoreIcc: true })
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder produced ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    throw new UnreadableImageError(field, `decoding failed: ${(error as Error).message}`);
  }
}

/** Missing, unreadable and empty sources get their own messages before sharp sees them. */
async function checkSource(input: string | Uint8Array, field: string): Promise<void> {
  if (typeof input !== 'string') {
    if (!(input instanceof Uint8Array)) throw new InvalidInputError('input', 'a file path or a Uint8Array of encoded image bytes');
    if (input.length === 0) throw new UnreadableImageError(field, 'the buffer is empty (0 bytes)');
    return;
  }
  let size: number;
  try {
    const stats = await stat(input);
    if (!stats.isFile()) throw new InvalidInputError(field, 'an image file', 'it is not a regular file');
    size = stats.size;
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(field, 'an existing image file', code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  if (size === 0) throw new UnreadableImageError(field, 'the file is empty (0 bytes)');
}
