/**
 * segmentPrompt: one prompt (points, box, previous low-res mask) → binary masks at the original
 * image size with their predicted IoU, encoding the image only when no embedding is given.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { RgbImage } from '../../core/image/rgb-image.js';
import type { Mask } from '../../core/mask.js';
import type { SamEmbedding, SamModel } from './model.js';
import { checkBox } from './prompts.js';

export interface SamPrompt {
  /** (x, y) pixels in the original image. */
  points?: readonly (readonly [number, number])[];
  /** One per point: 1 positive, 0 negative (SAM's labels; 2/3 mark box corners given as points). */
  labels?: readonly number[];
  /** [x0, y0, x1, y1] in original-image pixels. */
  box?: readonly [number, number, number, number];
  /** Low-res logits (maskSize² values) of a previous result, e.g. its best lowResLogits plane. */
  maskInput?: Float32Array;
  /** Three candidate masks (default) or one. */
  multimask?: boolean;
}

export interface SamSegmentation {
  /** Logits > 0 at the original image size, one per candidate. */
  masks: Mask[];
  /** Predicted IoU per mask. */
  scores: Float32Array;
  /** M×maskSize² low-res logits, to feed back as maskInput. */
  lowResLogits: Float32Array;
  /** The embedding used, to reuse for further prompts on the same image. */
  embedding: SamEmbedding;
}

/** SAM's mask_threshold: a pixel is in the mask when its upscaled logit is above 0. */
const MASK_THRESHOLD = 0;

export async function segmentPrompt(model: SamModel, source: RgbImage | SamEmbedding, prompt: SamPrompt): Promise<SamSegmentation> {
  const embedding = isEmbedding(source) ? source : await model.encodeImage(source);
  const { points, labels } = promptArrays(prompt);
  if (prompt.box !== undefined) checkBox(boxArray(prompt.box), embedding.originalSize, 'box');
  const result = await model.decode(embedding, {
    points,
    labels,
    pointsPerPrompt: labels.length,
    ...(prompt.box !== undefined ? { boxes: boxArray(prompt.box) } : {}),
    ...(prompt.maskInput !== undefined ? { maskInput: prompt.maskInput } : {}),
    multimask: prompt.multimask ?? true,
  });
  const { height, width } = embedding.originalSize;
  const masks: Mask[] = [];
  for (let m = 0; m < result.masksPerPrompt; m++) {
    const data = new Uint8Array(width * height);
    model.thresholdLogits(embedding, result.lowResLogits, m, { mask: MASK_THRESHOLD, counted: [] }, data, new Int32Array(0));
    masks.push({ height, width, data });
  }
  return { masks, scores: result.iou, lowResLogits: result.lowResLogits, embedding };
}

/** The candidate with the highest predicted IoU (the first on ties): SAM's own pick among multimask outputs. */
export function bestMaskIndex(result: Pick<SamSegmentation, 'scores'>): number {
  let best = 0;
  result.scores.forEach((score, m) => {
    if (score > result.scores[best]!) best = m;
  });
  return best;
}

function isEmbedding(source: RgbImage | SamEmbedding): source is SamEmbedding {
  return typeof source === 'object' && source !== null && 'features' in source;
}

function promptArrays(prompt: SamPrompt): { points: Float32Array; labels: Float32Array } {
  if (typeof prompt !== 'object' || prompt === null) throw new InvalidInputError('prompt', 'an object { points?, labels?, box?, maskInput?, multimask? }');
  const points = prompt.points ?? [];
  const labels = prompt.labels ?? [];
  if (!Array.isArray(points)) throw new InvalidInputError('points', 'an array of [x, y] pairs');
  if (!Array.isArray(labels)) throw new InvalidInputError('labels', 'an array of numbers, one per point');
  if (labels.length !== points.length) throw new InvalidInputError('labels', `one label per point (${points.length})`, `got ${labels.length}`);
  if (points.length === 0 && prompt.box === undefined) throw new InvalidInputError('prompt', 'at least one point or a box');
  const flat = new Float32Array(points.length * 2);
  for (const [i, point] of points.entries()) {
    if (!Array.isArray(point) || point.length !== 2 || !point.every((v) => typeof v === 'number')) {
      throw new InvalidInputError(`points[${i}]`, 'an [x, y] pair of numbers', `got ${JSON.stringify(point)}`);
    }
    flat.set(point, i * 2);
  }
  return { points: flat, labels: Float32Array.from(labels) };
}

function boxArray(box: readonly number[]): Float32Array {
  if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number')) {
    throw new InvalidInputError('box', 'an [x0, y0, x1, y1] array of numbers', `got ${JSON.stringify(box)}`);
  }
  return Float32Array.from(box);
}
