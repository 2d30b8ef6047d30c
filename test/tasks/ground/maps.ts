/**
 * Seeded attention maps for the prompt tests: smooth blobs, few-level maps full of ties, equal
 * copies of one blob, isolated hot pixels, and their wire format for the Python oracle.
 */
import type { AttentionMap } from '../../../src/tasks/ground/prompts/attention-map.js';

export function mapFrom(width: number, height: number, values: ArrayLike<number>): AttentionMap {
  return { width, height, data: Float32Array.from(values) };
}

/** A height-row picture of a map, one string per row of digits 0–9. */
export function mapFromRows(rows: string[]): AttentionMap {
  return mapFrom(rows[0]!.length, rows.length, rows.join('').split('').map(Number));
}

/** Gaussian bumps of random centre, spread and height, plus faint noise: what attention looks like. */
export function blobMap(width: number, height: number, bumps: number, random: () => number): AttentionMap {
  const data = new Float32Array(width * height);
  for (let b = 0; b < bumps; b++) {
    const cx = random() * width;
    const cy = random() * height;
    const sigma = 0.5 + random() * Math.max(width, height) * 0.25;
    const peak = 0.2 + random();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const d2 = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2;
        data[y * width + x]! += peak * Math.exp(-d2 / (2 * sigma * sigma));
      }
    }
  }
  for (let i = 0; i < data.length; i++) data[i]! += random() * 0.01;
  return { width, height, data };
}

/** Values from a handful of levels (0 included), so thresholds, peaks and the low area all tie. */
export function levelMap(width: number, height: number, levels: number, random: () => number): AttentionMap {
  const data = Float32Array.from({ length: width * height }, () => Math.floor(random() * levels) / levels);
  if (!data.some((v) => v > 0)) data[0] = 1;
  return { width, height, data };
}

/** The same small blob stamped at several places that do not touch: equal regions, equal peaks. */
export function stampedMap(width: number, height: number, side: number, copies: number, random: () => number): AttentionMap {
  const stamp = Float32Array.from({ length: side * side }, () => 0.5 + Math.floor(random() * 3) / 4);
  const data = new Float32Array(width * height);
  const perRow = Math.floor((width + 1) / (side + 1));
  const rows = Math.floor((height + 1) / (side + 1));
  const slots = Array.from({ length: perRow * rows }, (_, s) => s).sort(() => random() - 0.5).slice(0, copies);
  for (const slot of slots) {
    const x0 = (slot % perRow) * (side + 1);
    const y0 = Math.floor(slot / perRow) * (side + 1);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[(y0 + y) * width + x0 + x] = stamp[y * side + x]!;
  }
  return { width, height, data };
}

/** Zero except `count` random pixels at one value: regions of area 1 that tie. */
export function hotPixelMap(width: number, height: number, count: number, random: () => number): AttentionMap {
  const data = new Float32Array(width * height);
  for (let c = 0; c < count; c++) data[Math.floor(random() * data.length)] = 1;
  return { width, height, data };
}

export function uniformMap(width: number, height: number, random: () => number): AttentionMap {
  return { width, height, data: Float32Array.from({ length: width * height }, () => random()) };
}

/** Base64 of the float32 bytes, so the oracle reads exactly the values owseg saw. */
export function mapWire(map: AttentionMap): { w: number; h: number; data: string } {
  return { w: map.width, h: map.height, data: Buffer.from(map.data.buffer, map.data.byteOffset, map.data.byteLength).toString('base64') };
}
