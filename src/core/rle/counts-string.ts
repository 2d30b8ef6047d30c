/**
 * The compressed `counts` string of COCO RLE: each run, from the fourth on as a difference from the
 * run two before it, written as signed 5-bit groups, low group first, in characters '0' (48) to 'o' (111).
 */
import { InvalidInputError } from '../errors.js';
import { UintList } from './uint-list.js';

const OFFSET = 48;
const MORE = 0x20;
const SIGN = 0x10;
/** Seven groups hold any difference of two 32-bit runs; pycocotools cannot read longer values. */
const MAX_GROUPS = 7;

const latin1 = new TextDecoder('latin1');

/** The string pycocotools' rleToString writes for these runs. */
export function runsToString(counts: ArrayLike<number>): string {
  const out = new Uint8Array(counts.length * MAX_GROUPS);
  let p = 0;
  for (let i = 0; i < counts.length; i++) {
    // Runs three and earlier are written as they are; pycocotools starts differencing at index 3, not 2.
    let x = i > 2 ? counts[i]! - counts[i - 2]! : counts[i]!;
    for (;;) {
      let group = x & 0x1f;
      x = (x - group) / 32;
      // Stop once the rest is pure sign extension of this group's top bit.
      const more = group & SIGN ? x !== -1 : x !== 0;
      if (more) group |= MORE;
      out[p++] = group + OFFSET;
      if (!more) break;
    }
  }
  return latin1.decode(out.subarray(0, p));
}

/**
 * Reads a counts string into runs, checking what pycocotools does not: that every character is in
 * range, that the string does not stop inside a value, that no run is negative, and the total.
 */
export function stringToRuns(s: string, total: number, field: string): Uint32Array {
  const runs = new UintList(s.length);
  let sum = 0;
  let p = 0;
  let twoBack = 0;
  let oneBack = 0;
  while (p < s.length) {
    const first = p;
    let x = 0;
    let scale = 1;
    let group: number;
    do {
      if (p === s.length) {
        throw new InvalidInputError(field, 'a complete COCO RLE string', `it ends inside the value that starts at character ${first}`);
      }
      if (p - first === MAX_GROUPS) {
        throw new InvalidInputError(field, `COCO RLE values of at most ${MAX_GROUPS} characters`, `the value at character ${first} is longer`);
      }
      group = s.charCodeAt(p) - OFFSET;
      if (group < 0 || group > 63) {
        throw new InvalidInputError(field, "a COCO RLE string of characters '0' to 'o'", `got ${JSON.stringify(s[p])} at character ${p}`);
      }
      x += (group & 0x1f) * scale;
      scale *= 32;
      p++;
    } while (group & MORE);
    if (group & SIGN) x -= scale;
    const i = runs.length;
    if (i > 2) x += twoBack;
    if (x < 0) {
      throw new InvalidInputError(field, 'non-negative runs', `run ${i} (from character ${first}) is ${x}`);
    }
    sum += x;
    if (sum > total) {
      throw new InvalidInputError(field, `runs summing to ${total} (height × width)`, `they pass it at run ${i}`);
    }
    runs.push(x);
    twoBack = oneBack;
    oneBack = x;
  }
  if (sum !== total) {
    throw new InvalidInputError(field, `runs summing to ${total} (height × width)`, `got ${sum}`);
  }
  return runs.view();
}
