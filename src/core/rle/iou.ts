/**
 * Mask IoU between detections and ground truths, as pycocotools `mask.iou` computes it for COCO
 * evaluation: crowd ground truths divide by the detection's area, and every ratio is one double division.
 */
import { InvalidInputError } from '../errors.js';
import { runsBbox } from './bbox.js';
import { runsArea } from './codec.js';
import { readRle } from './parse.js';
import type { Runs } from './runs.js';
import type { Rle, UncompressedRle, XywhBox } from './types.js';

type AnyRle = Rle | UncompressedRle;

/**
 * IoU of every detection (rows) with every ground truth (columns). For a crowd ground truth the
 * denominator is the detection's area. No detections or no ground truths give [] (pycocotools
 * returns an empty list, not an empty matrix). All RLEs must share one size: where pycocotools
 * puts −1 for a mismatched pair, this is an error naming it.
 */
export function iou(dts: readonly AnyRle[], gts: readonly AnyRle[], iscrowd: readonly boolean[]): number[][] {
  const detections = readAll(dts, 'dts');
  const truths = readAll(gts, 'gts');
  if (!Array.isArray(iscrowd) || iscrowd.length !== truths.length || !iscrowd.every((c) => typeof c === 'boolean')) {
    throw new InvalidInputError('iscrowd', `an array of ${truths.length} booleans, one per ground truth`);
  }
  if (detections.length === 0 || truths.length === 0) return [];
  const { height, width } = detections[0]!;
  const sameSize = (runs: Runs, field: string): void => {
    if (runs.height !== height || runs.width !== width) {
      throw new InvalidInputError(`${field}.size`, `[${height}, ${width}], the size of dts[0]`, `got [${runs.height}, ${runs.width}]`);
    }
  };
  detections.forEach((runs, i) => sameSize(runs, `dts[${i}]`));
  truths.forEach((runs, j) => sameSize(runs, `gts[${j}]`));
  const detectionBoxes = detections.map((r) => runsBbox(r.counts, height, width));
  const truthBoxes = truths.map((r) => runsBbox(r.counts, height, width));
  return detections.map((detection, i) =>
    truths.map((truth, j) => {
      // pycocotools only looks at the pixels when the boxes overlap; its boxes always contain the pixels.
      if (!boxesOverlap(detectionBoxes[i]!, truthBoxes[j]!)) return 0;
      const [intersection, union] = overlap(detection.counts, truth.counts);
      if (intersection === 0) return 0;
      return intersection / (iscrowd[j] ? runsArea(detection.counts) : union);
    }),
  );
}

function readAll(rles: readonly AnyRle[], field: string): Runs[] {
  if (!Array.isArray(rles)) throw new InvalidInputError(field, 'an array of RLEs');
  return rles.map((rle, i) => readRle(rle, `${field}[${i}]`));
}

function boxesOverlap(a: XywhBox, b: XywhBox): boolean {
  return Math.min(a[0] + a[2], b[0] + b[2]) > Math.max(a[0], b[0]) && Math.min(a[1] + a[3], b[1] + b[3]) > Math.max(a[1], b[1]);
}

/**
 * Pixels in both and in either of two run lists, stepping as pycocotools does: one finished run
 * left behind per side per step, stopping once both sides sit on empty runs. For canonical runs
 * that is the end of the image; with empty runs in the middle pycocotools may stop early and count
 * only a prefix, and COCO scores computed with it depend on that, so it is kept.
 */
function overlap(a: Uint32Array, b: Uint32Array): [number, number] {
  let ia = 0;
  let ib = 0;
  let leftA = a[0] ?? 0;
  let leftB = b[0] ?? 0;
  let inA = 0;
  let inB = 0;
  let both = 0;
  let either = 0;
  do {
    const step = leftA < leftB ? leftA : leftB;
    if (inA | inB) {
      either += step;
      if (inA & inB) both += step;
    }
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
  } while (leftA + leftB > 0);
  return [both, either];
}
