/**
 * What the batch tests run on: tiny random SAM and InternVL packs built by the real writers and
 * converter, small distinct pictures drawn with sharp, and generator/naming flags that keep each
 * picture well under a second.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack } from '../../src/models/sam/index.js';

export const QUICK = ['--points-per-side', '4', '--pred-iou-thresh', '0', '--stability-score-thresh', '0', '--max-new-tokens', '2', '--max-tiles', '2'];

export async function writeTinyPacks(dir: string): Promise<{ sam: string; internvl: string }> {
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 5, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'internvl'));
  await writeTinySamPack(join(dir, 'sam'), { layout: 'transformers-sam', seed: 5 });
  return { sam: join(dir, 'sam'), internvl: join(dir, 'internvl') };
}

/** A `width`×`height` PNG at `path` whose pixels depend on `seed`: two blocks on a gradient. */
export async function drawPicture(path: string, seed: number, width = 64, height = 48): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inBlock = (x > 8 + seed * 3) !== (y > 20) && x < 56;
      const i = (y * width + x) * 3;
      pixels[i] = inBlock ? (40 * seed) % 256 : (x * 4) % 256;
      pixels[i + 1] = inBlock ? 200 : (y * 5) % 256;
      pixels[i + 2] = (seed * 71 + x) % 256;
    }
  }
  await mkdir(dirname(path), { recursive: true });
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(path);
}

/** Bytes no decoder reads as a picture, under a picture's name. */
export async function writePoison(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'not a picture');
}
