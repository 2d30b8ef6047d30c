/**
 * Checks a batch of prompts against the image they refer to before any model runs, so a bad
 * prompt is reported by field and index instead of surfacing as a shape error inside ORT.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Size } from './preprocess.js';

/** P prompts, each of K points (and optionally one box), in original-image pixels. */
export interface SamPrompts {
  /** P×K×2 (x, y) pairs, row-major. */
  points?: Float32Array;
  /**
   * P×K labels as SAM uses them: 1 positive, 0 negative, 2 and 3 a box's top-left and bottom-right
   * corners, −1 a padding point (ignored; its coordinates are not checked).
   */
  labels?: Float32Array;
  /** K, the points per prompt. Default: labels.length / P when boxes give P, else 1 (one point per prompt). */
  pointsPerPrompt?: number;
  /** P×4 boxes (x0, y0, x1, y1), one per prompt. */
  boxes?: Float32Array;
  /** P×maskSize² low-resolution logits of a previous decode (SAM's mask_input), one per prompt. */
  maskInput?: Float32Array;
  /** SAM's multimask_output: three candidate masks per prompt instead of one. Default true. */
  multimask?: boolean;
}

export interface CheckedPrompts {
  count: number;
  pointsPerPrompt: number;
  points: Float32Array;
  labels: Float32Array;
  boxes?: Float32Array;
  maskInput?: Float32Array;
  multimask: boolean;
}

const LABELS = new Set([-1, 0, 1, 2, 3]);

export function checkPrompts(prompts: SamPrompts, image: Size, maskSize: number): CheckedPrompts {
  if (typeof prompts !== 'object' || prompts === null) throw new InvalidInputError('prompts', 'an object { points, labels, boxes?, maskInput?, multimask? }');
  const points = prompts.points ?? new Float32Array(0);
  const labels = prompts.labels ?? new Float32Array(0);
  floatArray(points, 'points');
  floatArray(labels, 'labels');
  if (prompts.boxes !== undefined) floatArray(prompts.boxes, 'boxes');
  if (prompts.boxes !== undefined && prompts.boxes.length % 4 !== 0) {
    throw new InvalidInputError('boxes', 'P×4 values (x0, y0, x1, y1 per prompt)', `got ${prompts.boxes.length}`);
  }
  if (points.length !== labels.length * 2) {
    throw new InvalidInputError('labels', `one label per point (${points.length / 2} points)`, `got ${labels.length} labels for ${points.length} point values`);
  }
  const boxCount = prompts.boxes === undefined ? undefined : prompts.boxes.length / 4;
  const k = prompts.pointsPerPrompt ?? (boxCount !== undefined ? labels.length / boxCount : 1);
  if (!Number.isInteger(k) || k < 0 || (boxCount === undefined && k === 0)) {
    throw new InvalidInputError('pointsPerPrompt', 'a positive integer dividing the number of labels', `got ${k}`);
  }
  const count = boxCount ?? labels.length / k;
  if (!Number.isInteger(count) || count * k !== labels.length) {
    throw new InvalidInputError('labels', `P×K labels with K = ${k}${boxCount === undefined ? '' : ` and P = ${boxCount} boxes`}`, `got ${labels.length}`);
  }
  if (count === 0) throw new InvalidInputError('prompts', 'at least one prompt (points or boxes)');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!LABELS.has(label)) throw new InvalidInputError(`labels[${i}]`, '1 (positive), 0 (negative), 2/3 (box corners) or -1 (padding)', `got ${label}`);
    if (label !== -1) checkPoint(points[2 * i]!, points[2 * i + 1]!, image, `points[${i}]`);
  }
  if (prompts.boxes !== undefined) {
    for (let p = 0; p < count; p++) checkBox(prompts.boxes.subarray(4 * p, 4 * p + 4), image, `boxes[${p}]`);
  }
  if (prompts.maskInput !== undefined) {
    floatArray(prompts.maskInput, 'maskInput');
    const want = count * maskSize * maskSize;
    if (prompts.maskInput.length !== want) {
      throw new InvalidInputError('maskInput', `${count}×${maskSize}×${maskSize} low-resolution logits (one plane per prompt)`, `got ${prompts.maskInput.length} values`);
    }
  }
  const multimask = prompts.multimask ?? true;
  if (typeof multimask !== 'boolean') throw new InvalidInputError('multimask', 'true or false', `got ${String(multimask)}`);
  return {
    count,
    pointsPerPrompt: k,
    points,
    labels,
    ...(prompts.boxes !== undefined ? { boxes: prompts.boxes } : {}),
    ...(prompts.maskInput !== undefined ? { maskInput: prompts.maskInput } : {}),
    multimask,
  };
}

/** A point must lie on the image: 0 ≤ x ≤ width, 0 ≤ y ≤ height (the far edges are allowed, as box corners reach them). */
export function checkPoint(x: number, y: number, image: Size, field: string): void {
  if (!(Number.isFinite(x) && Number.isFinite(y) && x >= 0 && y >= 0 && x <= image.width && y <= image.height)) {
    throw new InvalidInputError(field, `a point inside the ${image.width}×${image.height} image (0 ≤ x ≤ ${image.width}, 0 ≤ y ≤ ${image.height})`, `got (${x}, ${y})`);
  }
}

export function checkBox(box: ArrayLike<number>, image: Size, field: string): void {
  const [x0, y0, x1, y1] = [box[0]!, box[1]!, box[2]!, box[3]!];
  checkPoint(x0, y0, image, `${field} top-left`);
  checkPoint(x1, y1, image, `${field} bottom-right`);
  if (x1 < x0 || y1 < y0) throw new InvalidInputError(field, 'x0 ≤ x1 and y0 ≤ y1', `got (${x0}, ${y0}, ${x1}, ${y1})`);
}

function floatArray(value: unknown, field: string): asserts value is Float32Array {
  if (!(value instanceof Float32Array)) throw new InvalidInputError(field, 'a Float32Array');
}
