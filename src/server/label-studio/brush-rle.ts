/**
 * Label Studio's brush RLE: the mask as RGBA bytes (255 in all four channels inside, 0 outside),
 * packed by @thi.ng/rle-pack with 8-bit words and run-length groups of 3, 4, 8 and 16 bits.
 */
import { decodeBinary, encodeBinary, type RLESizes } from '@thi.ng/rle-pack/binary';
import { InvalidInputError } from '../../core/errors.js';
import type { Mask } from '../../core/mask.js';

/** The group sizes Label Studio's editor and its Python converter both use. */
const LABEL_STUDIO_RLE_SIZES: RLESizes = [3, 4, 8, 16];

export function maskToBrushRle(mask: Mask): number[] {
  const rgba = new Uint8Array(mask.width * mask.height * 4);
  for (let i = 0; i < mask.data.length; i++) {
    if (mask.data[i]) rgba.fill(255, i * 4, i * 4 + 4);
  }
  return Array.from(encodeBinary(rgba, rgba.length, 8, LABEL_STUDIO_RLE_SIZES));
}

/** The mask a brush RLE draws (a pixel is in when its alpha is non-zero, as the editor shows it). */
export function brushRleToMask(rle: readonly number[], width: number, height: number): Mask {
  const rgba = decodeBinary(Uint8Array.from(rle));
  if (rgba.length !== width * height * 4) throw new InvalidInputError('rle', `${width * height * 4} RGBA bytes (${width}×${height})`, `decodes to ${rgba.length}`);
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4 + 3] ? 1 : 0;
  return { width, height, data };
}
