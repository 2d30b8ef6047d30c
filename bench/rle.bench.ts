/**
 * RLE figures for `npm run bench`: encode and decode of 1024 × 1024 masks against plain passes over
 * the same bytes, and polygon rasterisation against a naive point-in-polygon fill of the same polygons.
 */
import type { Mask } from '../src/core/mask.js';
import * as rle from '../src/core/rle/index.js';
import { blobMask, seededRandom } from '../test/helpers/random.js';
import { throughput, type BenchSuite, type Figure } from './harness.js';

const SIZE = 1024;
const VERTICES = 50;

export const rleSuite: BenchSuite = {
  name: 'rle',
  run(): Figure[] {
    const random = seededRandom(2024);
    const masks = Array.from({ length: 8 }, () => blobMask(SIZE, SIZE, 6, random));
    const encoded = masks.map((m) => rle.encode(m));
    const polygons = Array.from({ length: 16 }, () => starPolygon(random));
    let next = 0;
    const pick = <T>(items: T[]): T => items[next++ % items.length]!;
    const note = `${masks.length} blob masks ${SIZE}×${SIZE}`;
    return [
      {
        name: 'encode',
        unit: 'masks/s',
        value: throughput(() => rle.encode(pick(masks))),
        baseline: { name: 'read every byte', value: throughput(() => readEveryByte(pick(masks))) },
        note,
      },
      {
        name: 'decode',
        unit: 'masks/s',
        value: throughput(() => rle.decode(pick(encoded))),
        baseline: { name: 'allocate and write every byte', value: throughput(() => writeEveryByte(pick(masks))) },
        note,
      },
      {
        name: 'fromPolygons',
        unit: 'polygons/s',
        value: throughput(() => rle.fromPolygons([pick(polygons)], SIZE, SIZE)),
        baseline: { name: 'point-in-polygon fill of the bounding box', value: throughput(() => naiveFill(pick(polygons))) },
        note: `${VERTICES}-vertex concave polygons into ${SIZE}×${SIZE}`,
      },
    ];
  },
};

function readEveryByte(mask: Mask): number {
  let sum = 0;
  for (let i = 0; i < mask.data.length; i++) sum += mask.data[i]!;
  return sum;
}

function writeEveryByte(mask: Mask): Uint8Array {
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) out[i] = mask.data[i]!;
  return out;
}

/** A star-shaped (so concave) polygon with fractional vertices, some of it possibly off the image. */
function starPolygon(random: () => number): number[] {
  const [cx, cy] = [random() * SIZE, random() * SIZE];
  const radius = 100 + random() * 300;
  const xy: number[] = [];
  for (let k = 0; k < VERTICES; k++) {
    const angle = (2 * Math.PI * k) / VERTICES;
    const r = radius * (0.5 + 0.5 * random());
    xy.push(cx + r * Math.cos(angle), cy + r * Math.sin(angle));
  }
  return xy;
}

/** Even-odd test of every pixel centre inside the polygon's bounding box: what one writes without a scanline algorithm. */
function naiveFill(xy: number[]): Uint8Array {
  const data = new Uint8Array(SIZE * SIZE);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    x0 = Math.min(x0, xy[i]!);
    x1 = Math.max(x1, xy[i]!);
    y0 = Math.min(y0, xy[i + 1]!);
    y1 = Math.max(y1, xy[i + 1]!);
  }
  const n = xy.length / 2;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(SIZE, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(SIZE, Math.ceil(x1)); x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let inside = false;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const xi = xy[2 * i]!;
        const yi = xy[2 * i + 1]!;
        const xj = xy[2 * j]!;
        const yj = xy[2 * j + 1]!;
        if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
      }
      if (inside) data[y * SIZE + x] = 1;
    }
  }
  return data;
}
