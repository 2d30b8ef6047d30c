/**
 * Category label maps compared by ROSE's refinement (prediction against a reference annotation),
 * and the one pass over both that every refinement rule reads its pixel counts from.
 */
import { InvalidInputError } from '../../../core/errors.js';

/** Row-major category ids in one id space shared by prediction and reference; 0 = void. */
export interface LabelMap {
  height: number;
  width: number;
  labels: Uint8Array | Uint16Array | Int32Array | Uint32Array;
}

/** Pixel counts over the pixels where the reference is not void. */
export interface Overlap {
  /** `rows.get(c).get(d)`: pixels with reference c and prediction d (d may be 0). */
  rows: Map<number, Map<number, number>>;
  /** `predicted.get(d)`: pixels predicted d (d may be 0). */
  predicted: Map<number, number>;
}

/** Checks that both maps are well formed and of one size, then counts (reference, prediction) pairs. */
export function overlap(pred: LabelMap, ref: LabelMap): Overlap {
  checkLabelMap(pred, 'pred');
  checkLabelMap(ref, 'ref');
  if (pred.height !== ref.height || pred.width !== ref.width) {
    throw new InvalidInputError('pred', `the reference's size ${ref.width}×${ref.height}`, `got ${pred.width}×${pred.height}`);
  }
  const rows = new Map<number, Map<number, number>>();
  const predicted = new Map<number, number>();
  const n = ref.labels.length;
  // Runs of equal pairs are counted at once: label maps are made of regions.
  for (let i = 0, j = 0; i < n; i = j) {
    const c = ref.labels[i]!;
    const d = pred.labels[i]!;
    j = i + 1;
    while (j < n && ref.labels[j] === c && pred.labels[j] === d) j++;
    if (c === 0) continue;
    let row = rows.get(c);
    if (!row) rows.set(c, (row = new Map()));
    row.set(d, (row.get(d) ?? 0) + (j - i));
    predicted.set(d, (predicted.get(d) ?? 0) + (j - i));
  }
  return { rows, predicted };
}

function checkLabelMap(map: LabelMap, field: string): void {
  if (typeof map !== 'object' || map === null) throw new InvalidInputError(field, 'an object { height, width, labels }');
  const { height, width, labels } = map;
  for (const [key, value] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new InvalidInputError(`${field}.${key}`, 'an integer ≥ 0', `got ${String(value)}`);
  }
  const typed = labels instanceof Uint8Array || labels instanceof Uint16Array || labels instanceof Int32Array || labels instanceof Uint32Array;
  if (!typed || labels.length !== height * width) {
    throw new InvalidInputError(`${field}.labels`, `a Uint8Array, Uint16Array, Int32Array or Uint32Array of length ${height * width} (height × width)`);
  }
  if (labels instanceof Int32Array) {
    const at = labels.findIndex((label) => label < 0);
    if (at >= 0) throw new InvalidInputError(`${field}.labels`, 'category ids ≥ 0', `got ${labels[at]} at x=${at % width}, y=${Math.floor(at / width)}`);
  }
}
