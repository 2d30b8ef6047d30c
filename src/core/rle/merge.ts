/**
 * Union or intersection of RLEs without decoding them, step for step as pycocotools' merge so that
 * RLEs with empty runs in the middle give the same string too, wherever pycocotools gets them right.
 */
import { InvalidInputError } from '../errors.js';
import { readRle, writeRle } from './parse.js';
import type { Rle, UncompressedRle } from './types.js';
import { UintList } from './uint-list.js';

/**
 * Union (or, with `intersect`, intersection) of RLEs of one size, as pycocotools `mask.merge`:
 * one RLE comes back with the same runs. No RLEs, or sizes that differ, are errors here, where
 * pycocotools reads past its input or silently returns a 0 × 0 RLE. Where empty runs in the middle
 * of an input make pycocotools stop early (its result no longer covers the image, and merging a
 * further RLE into it never returns), the canonical RLE of the merged mask is returned instead.
 */
export function merge(rles: readonly (Rle | UncompressedRle)[], intersect = false, field = 'rles'): Rle {
  if (!Array.isArray(rles) || rles.length === 0) {
    throw new InvalidInputError(field, 'a non-empty array of RLEs');
  }
  const first = readRle(rles[0], `${field}[0]`);
  let counts = first.counts;
  for (let i = 1; i < rles.length; i++) {
    const next = readRle(rles[i], `${field}[${i}]`);
    if (next.height !== first.height || next.width !== first.width) {
      throw new InvalidInputError(
        `${field}[${i}].size`,
        `[${first.height}, ${first.width}], the size of ${field}[0]`,
        `got [${next.height}, ${next.width}]`,
      );
    }
    counts = mergeRuns(counts, next.counts, intersect, first.height * first.width);
  }
  return writeRle({ height: first.height, width: first.width, counts });
}

/**
 * Merges two run lists over the same `total` pixels as pycocotools does. pycocotools stops as soon
 * as both sides sit on empty runs, even mid-image; then the inputs are made canonical and merged
 * again, which cannot stop early (only a canonical list's first run may be empty, and it is never
 * stepped onto).
 */
export function mergeRuns(a: Uint32Array, b: Uint32Array, intersect: boolean, total: number): Uint32Array {
  const merged = mergeSteps(a, b, intersect);
  return merged.covered === total ? merged.runs : mergeSteps(canonical(a), canonical(b), intersect).runs;
}

/**
 * Each step consumes the shorter of the two current runs and moves past at most one finished run
 * per side, so an empty run costs a step of its own and can surface as an empty run in the output.
 */
function mergeSteps(a: Uint32Array, b: Uint32Array, intersect: boolean): { runs: Uint32Array; covered: number } {
  const out = new UintList(a.length + b.length);
  let ia = 0;
  let ib = 0;
  let leftA = a[0] ?? 0;
  let leftB = b[0] ?? 0;
  let inA = 0;
  let inB = 0;
  let value = 0;
  let pending = 0;
  let covered = 0;
  for (;;) {
    const step = leftA < leftB ? leftA : leftB;
    pending += step;
    covered += step;
    leftA -= step;
    leftB -= step;
    if (leftA === 0 && ia + 1 < a.length) {
      leftA = a[++ia]!;
      inA ^= 1;
    }
    if (leftB === 0 && ib + 1 < b.length) {
      leftB = b[++ib]!;
      inB ^= 1;
    }
    const next = intersect ? inA & inB : inA | inB;
    const done = leftA + leftB === 0;
    if (next !== value || done) {
      out.push(pending);
      pending = 0;
    }
    value = next;
    if (done) return { runs: out.view(), covered };
  }
}

/** The same pixels with no empty runs except possibly the first (zeros before a leading 1). */
function canonical(counts: Uint32Array): Uint32Array {
  const out = new UintList(counts.length);
  out.push(counts[0] ?? 0);
  let lastValue = 0;
  for (let i = 1; i < counts.length; i++) {
    const run = counts[i]!;
    if (run === 0) continue;
    if ((i & 1) === lastValue) {
      const runs = out.view();
      runs[runs.length - 1]! += run;
    } else {
      out.push(run);
      lastValue = i & 1;
    }
  }
  return out.view();
}
