/**
 * Typed calls to tools/reference/wowseg_preprocess.py and the random images and masks the
 * WOW-Seg preprocessing tests send it.
 */
import type { RgbImage } from '../../../../src/core/image/rgb-image.js';
import type { Mask } from '../../../../src/core/mask.js';
import { runOracle } from '../../../helpers/python.js';

export interface TileResult {
  cols: number;
  rows: number;
  resized: string;
  tiles: string[];
  normalized: string;
}

export type RegionResult = { empty: true } | { box: [number, number, number, number]; selector: number[]; pixels: string };

export function oracle<T>(cases: unknown[]): T[] {
  return runOracle<{ results: T[] }>('wowseg_preprocess.py', { cases }).results;
}

export function encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function decodeBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export function decodeFloats(text: string): Float32Array {
  const bytes = decodeBytes(text);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

export function imageCase(image: RgbImage): { width: number; height: number; data: string } {
  return { width: image.width, height: image.height, data: encode(image.data) };
}

export function maskCase(mask: Mask): { width: number; height: number; data: string } {
  return { width: mask.width, height: mask.height, data: encode(mask.data) };
}

/** Smooth gradients plus noise, so resampling kernels see both edges and ramps. */
export function randomImage(width: number, height: number, random: () => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.floor((x / width) * 200 + random() * 55);
      data[i + 1] = Math.floor((y / height) * 200 + random() * 55);
      data[i + 2] = Math.floor(random() * 256);
    }
  }
  return { width, height, data };
}

/** A mask with the given pixels (x, y) set. */
export function pixelMask(width: number, height: number, pixels: [number, number][]): Mask {
  const data = new Uint8Array(width * height);
  for (const [x, y] of pixels) data[y * width + x] = 1;
  return { width, height, data };
}

/** A mask with the end-exclusive rectangle set. */
export function rectMask(width: number, height: number, [x0, y0, x1, y1]: [number, number, number, number]): Mask {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + x1);
  return { width, height, data };
}

/** Largest absolute difference between two equal-length float arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
