/**
 * Image benchmarks: Pillow-exact bicubic resizing against sharp's own (libvips) resize, and
 * overlay drawing against a bare alpha blend of the same masks.
 */
import sharp from 'sharp';
import { drawOverlay } from '../src/core/draw/overlay.js';
import { resizeImage } from '../src/core/image/resize.js';
import type { RgbImage } from '../src/core/image/rgb-image.js';
import type { Mask } from '../src/core/mask.js';
import { blobMask, seededRandom } from '../test/helpers/random.js';
import { throughput, type BenchSuite, type Figure } from './harness.js';

const WIDTH = 1024;
const HEIGHT = 768;

function photoLike(random: () => number): RgbImage {
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const i = (y * WIDTH + x) * 3;
      data[i] = (x >> 2) + random() * 40;
      data[i + 1] = (y >> 2) + random() * 40;
      data[i + 2] = ((x + y) >> 3) + random() * 40;
    }
  }
  return { width: WIDTH, height: HEIGHT, data };
}

/** Calls the async `fn` back to back for at least `minMs` (after one warm-up) and returns calls per second. */
async function asyncThroughput(fn: () => Promise<unknown>, minMs = 500): Promise<number> {
  await fn();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await fn();
    calls++;
  }
  return (calls * 1000) / (performance.now() - start);
}

/** The simplest possible overlay: every mask blended over the whole image at alpha 0.5, nothing else. */
function plainBlend(image: RgbImage, masks: readonly Mask[], colors: readonly (readonly number[])[]): Uint8Array {
  const out = image.data.slice();
  masks.forEach((mask, m) => {
    const color = colors[m]!;
    for (let p = 0; p < mask.data.length; p++) {
      if (!mask.data[p]) continue;
      for (let c = 0; c < 3; c++) out[3 * p + c] = Math.round((out[3 * p + c]! + color[c]!) / 2);
    }
  });
  return out;
}

export const imageSuite: BenchSuite = {
  name: 'image',
  async run(): Promise<Figure[]> {
    const random = seededRandom(42);
    const image = photoLike(random);

    const pil = throughput(() => resizeImage(image, 448, 448, { filter: 'bicubic', convention: 'pil' }));
    const input = sharp(image.data, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } });
    const viaSharp = await asyncThroughput(() => input.clone().resize(448, 448, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer());

    const masks = Array.from({ length: 20 }, () => blobMask(HEIGHT, WIDTH, 2, random));
    const regions = masks.map((mask, i) => ({ mask, label: `region ${i + 1}` }));
    const overlay = await asyncThroughput(() => drawOverlay(image, regions));
    const colors = masks.map((_, i) => [(i * 97) % 256, (i * 57) % 256, (i * 31) % 256]);
    const blend = throughput(() => plainBlend(image, masks, colors));

    return [
      {
        name: 'resize bicubic, Pillow-exact',
        unit: 'images/s',
        value: pil,
        baseline: { name: "sharp resize (libvips cubic, not Pillow's result)", value: viaSharp },
        note: `${WIDTH}×${HEIGHT} RGB → 448×448`,
      },
      {
        name: 'drawOverlay, 20 masks with outlines and labels',
        unit: 'overlays/s',
        value: overlay,
        baseline: { name: 'plain alpha blend of the 20 masks', value: blend },
        note: `${WIDTH}×${HEIGHT}`,
      },
    ];
  },
};
