/**
 * The picture the everything-mode benchmarks segment: smooth gradients plus seeded noise, so the
 * encoder's resize has real work, the same bytes for owseg and for the Python reference.
 */
import type { RgbImage } from '../src/core/image/index.js';
import { seededRandom } from '../test/helpers/random.js';

export function benchPhoto(width: number, height: number): RgbImage {
  const random = seededRandom(7);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, (225 * x) / width + random() * 30);
      data[i + 1] = Math.min(255, (225 * y) / height + random() * 30);
      data[i + 2] = 128 + 100 * Math.sin((x + y) / 40);
    }
  }
  return { width, height, data };
}
