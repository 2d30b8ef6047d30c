/**
 * Column-major run lengths, the form every RLE operation works on, and the two hot conversions
 * between them and a row-major Mask: each is one sequential pass over the bitmap.
 */
import type { Mask } from '../mask.js';
import { UintList } from './uint-list.js';

/** A validated RLE: its size and its column-major runs, alternately 0s and 1s, starting with 0s (possibly none). */
export interface Runs {
  readonly height: number;
  readonly width: number;
  readonly counts: Uint32Array;
}

/**
 * The runs of a valid mask, in the canonical form pycocotools' encoder produces (only the first
 * run may be empty). COCO runs go down columns but the mask is stored by rows, so rather than walk
 * it with a stride of a whole row per pixel, this compares each row with the one above it, notes
 * where a column changes value, and orders those changes by column with a counting sort.
 */
export function maskToRuns(mask: Mask): Uint32Array {
  const { height: h, width: w, data } = mask;
  const total = h * w;
  if (total === 0) return Uint32Array.of(0);
  const changes = new UintList(4 * (h + w));
  const perColumn = new Uint32Array(w);
  // In column-major order a column's top pixel follows the previous column's bottom pixel; the very first follows a 0.
  let above = 0;
  for (let x = 0; x < w; x++) {
    if (data[x] !== above) {
      changes.push(x * h);
      perColumn[x]!++;
    }
    above = data[total - w + x]!;
  }
  if (w % 4 === 0 && data.byteOffset % 4 === 0) {
    findChangesByWord(data, h, w, changes, perColumn);
  } else {
    findChangesByByte(data, h, w, changes, perColumn);
  }
  return changesToRuns(changes.view(), perColumn, h, total);
}

function findChangesByByte(data: Uint8Array, h: number, w: number, changes: UintList, perColumn: Uint32Array): void {
  for (let y = 1; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      if (data[row + x] !== data[row - w + x]) {
        changes.push(x * h + y);
        perColumn[x]!++;
      }
    }
  }
}

/** Same as the byte version, but skips four pixels at a time where a row equals the one above, as most rows of real masks do. */
function findChangesByWord(data: Uint8Array, h: number, w: number, changes: UintList, perColumn: Uint32Array): void {
  const words = new Uint32Array(data.buffer, data.byteOffset, (h * w) / 4);
  const rowWords = w / 4;
  for (let y = 1; y < h; y++) {
    const row = y * rowWords;
    for (let i = 0; i < rowWords; i++) {
      if (words[row + i] === words[row - rowWords + i]) continue;
      const pixel = y * w + 4 * i;
      for (let b = 0; b < 4; b++) {
        if (data[pixel + b] !== data[pixel + b - w]) {
          const x = 4 * i + b;
          changes.push(x * h + y);
          perColumn[x]!++;
        }
      }
    }
  }
}

/** Orders change positions (found row by row, so already sorted within each column) by column, then takes differences. */
function changesToRuns(changes: Uint32Array, perColumn: Uint32Array, h: number, total: number): Uint32Array {
  const runs = new Uint32Array(changes.length + 1);
  let next = 0;
  for (let x = 0; x < perColumn.length; x++) {
    const count = perColumn[x]!;
    perColumn[x] = next;
    next += count;
  }
  for (let i = 0; i < changes.length; i++) {
    const position = changes[i]!;
    runs[perColumn[Math.floor(position / h)]!++] = position;
  }
  runs[changes.length] = total;
  for (let i = changes.length; i > 0; i--) runs[i]! -= runs[i - 1]!;
  return runs;
}

/**
 * The mask of valid runs. Instead of writing each foreground run pixel by pixel down its columns
 * (a row-sized stride per pixel), it seeds row 0 with each column's top value and every other row
 * with a 1 where its column changes value, then XORs each row with the finished row above.
 */
export function runsToMask(runs: Runs): Mask {
  const { height: h, width: w, counts } = runs;
  const total = h * w;
  const data = new Uint8Array(total);
  let start = 0;
  for (let i = 0; i < counts.length; i++) {
    const end = start + counts[i]!;
    if ((i & 1) === 1 && end > start) {
      markChange(data, start, h, w, total);
      markChange(data, end, h, w, total);
      for (let x = Math.ceil(start / h); x * h < end; x++) data[x] = 1;
    }
    start = end;
  }
  if (w % 4 === 0) {
    const words = new Uint32Array(data.buffer, 0, total / 4);
    const rowWords = w / 4;
    for (let i = rowWords; i < words.length; i++) words[i]! ^= words[i - rowWords]!;
  } else {
    for (let i = w; i < total; i++) data[i]! ^= data[i - w]!;
  }
  return { height: h, width: w, data };
}

/** XOR, not set: two runs of 1s separated by an empty run of 0s mark the same pixel twice, which must cancel. */
function markChange(data: Uint8Array, position: number, h: number, w: number, total: number): void {
  if (position >= total) return;
  const x = Math.floor(position / h);
  const y = position - x * h;
  if (y !== 0) data[y * w + x]! ^= 1;
}
