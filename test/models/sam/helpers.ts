/**
 * Shared by the SAM tests: tiny packs written once per layout into a temporary folder, seeded
 * images that are not flat (so resizing is exercised), and base64 helpers for the Python oracle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbImage } from '../../../src/core/image/index.js';
import { writeTinySamPack, type TinySamPackOptions } from '../../../src/models/sam/index.js';
import { seededRandom } from '../../helpers/random.js';

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `owseg-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes a tiny pack into `root`/`name` and returns its folder. */
export async function tinyPack(root: string, name: string, options: TinySamPackOptions): Promise<string> {
  const dir = join(root, name);
  await writeTinySamPack(dir, options);
  return dir;
}

/** Smooth gradients plus seeded noise: neighbouring pixels differ, as in a photograph. */
export function testImage(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const base = c === 0 ? (255 * x) / width : c === 1 ? (255 * y) / height : 128 + 100 * Math.sin((x + y) / 7);
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + (random() - 0.5) * 60)));
      }
    }
  }
  return { width, height, data };
}

export function toBase64(values: Uint8Array | Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function float32FromBase64(text: string): Float32Array {
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return new Float32Array(bytes.buffer);
}

/** Largest |a − b|; throws when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
