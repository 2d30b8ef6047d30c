/**
 * Runs a transformers.js prompt_encoder_mask_decoder.onnx (SAM, SlimSAM, SAM 2) on all prompts at
 * once: prompts go in the point_batch dimension, with the feeds SamModel / Sam2Model.forward build.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Session } from '../../onnx/session-types.js';
import { float32Tensor, toFloat32, type Tensor } from '../../onnx/tensor.js';
import type { RawDecode } from './decode-official.js';
import { inputInfo, numericFeed, requireInput } from './feeds.js';
import {
  TRANSFORMERS_BOXES,
  TRANSFORMERS_IOU,
  TRANSFORMERS_LABELS,
  TRANSFORMERS_MASKS,
  TRANSFORMERS_POINTS,
  type SamLayout,
} from './layouts.js';
import { transformCoords, type SamGeometry } from './preprocess.js';
import type { CheckedPrompts } from './prompts.js';

export async function decodeTransformers(
  layout: SamLayout,
  decoder: Session,
  features: Record<string, Tensor>,
  geometry: SamGeometry,
  input: CheckedPrompts,
): Promise<RawDecode> {
  if (input.maskInput) {
    throw new InvalidInputError('maskInput', 'a decoder with a mask input', `transformers.js ${layout} decoders take none (inputs: ${decoder.inputNames.join(', ')})`);
  }
  const boxesInfo = inputInfo(decoder, TRANSFORMERS_BOXES);
  // SAM 2's prompt encoder embeds labels 2/3 exactly as its box embedding does, so boxes become
  // corner points; SAM's embeds only 0/1 as points, so corners must travel as input_boxes.
  const prompts = layout === 'transformers-sam2' ? boxesAsCorners(input) : cornersAsBoxes(input);
  if (prompts.boxes && !boxesInfo) {
    throw new InvalidInputError('boxes', `a decoder with an ${TRANSFORMERS_BOXES} input`, `this export has only ${decoder.inputNames.join(', ')}`);
  }
  const { count: p, pointsPerPrompt: k } = prompts;
  const feeds: Record<string, Tensor> = {};
  for (const name of decoder.inputNames) if (features[name]) feeds[name] = features[name]!;
  feeds[TRANSFORMERS_POINTS] = numericFeed(requireInput(decoder, TRANSFORMERS_POINTS, 'decoder'), [1, p, k, 2], transformCoords(prompts.points, geometry));
  feeds[TRANSFORMERS_LABELS] = numericFeed(requireInput(decoder, TRANSFORMERS_LABELS, 'decoder'), [1, p, k], prompts.labels);
  if (boxesInfo) {
    feeds[TRANSFORMERS_BOXES] = prompts.boxes ? float32Tensor([1, p, 4], transformCoords(prompts.boxes, geometry)) : float32Tensor([1, 0, 4], []);
  }
  const out = await decoder.run(feeds, [TRANSFORMERS_IOU, TRANSFORMERS_MASKS]);
  const iou = toFloat32(out[TRANSFORMERS_IOU]!);
  return { iou, lowRes: toFloat32(out[TRANSFORMERS_MASKS]!), exported: iou.length / p };
}

/** Boxes appended to every prompt's points as two corners labelled 2 and 3. */
function boxesAsCorners(prompts: CheckedPrompts): CheckedPrompts {
  const { boxes, count, pointsPerPrompt: k } = prompts;
  if (!boxes) return prompts;
  const points = new Float32Array(count * (k + 2) * 2);
  const labels = new Float32Array(count * (k + 2));
  for (let p = 0; p < count; p++) {
    points.set(prompts.points.subarray(p * k * 2, (p + 1) * k * 2), p * (k + 2) * 2);
    points.set(boxes.subarray(p * 4, p * 4 + 4), p * (k + 2) * 2 + k * 2);
    labels.set(prompts.labels.subarray(p * k, (p + 1) * k), p * (k + 2));
    labels.set([2, 3], p * (k + 2) + k);
  }
  return { count, pointsPerPrompt: k + 2, points, labels, multimask: prompts.multimask };
}

/** Corner points labelled 2 and 3 moved into boxes; every prompt must then hold exactly one of each. */
function cornersAsBoxes(prompts: CheckedPrompts): CheckedPrompts {
  const { count, pointsPerPrompt: k, labels } = prompts;
  if (!labels.some((l) => l === 2 || l === 3)) return prompts;
  if (prompts.boxes) throw new InvalidInputError('labels', 'box corners (2, 3) or boxes, not both');
  const points = new Float32Array(count * (k - 2) * 2);
  const kept = new Float32Array(count * (k - 2));
  const boxes = new Float32Array(count * 4);
  for (let p = 0; p < count; p++) {
    const row = Array.from(labels.subarray(p * k, (p + 1) * k));
    const first = row.indexOf(2);
    const second = row.indexOf(3);
    if (first < 0 || second < 0 || row.filter((l) => l === 2 || l === 3).length !== 2) {
      throw new InvalidInputError(`labels (prompt ${p})`, 'exactly one corner labelled 2 and one labelled 3 in every prompt when any prompt has a box');
    }
    let j = 0;
    for (let i = 0; i < k; i++) {
      const x = prompts.points[(p * k + i) * 2]!;
      const y = prompts.points[(p * k + i) * 2 + 1]!;
      if (i === first) boxes.set([x, y], p * 4);
      else if (i === second) boxes.set([x, y], p * 4 + 2);
      else {
        points.set([x, y], (p * (k - 2) + j) * 2);
        kept[p * (k - 2) + j++] = row[i]!;
      }
    }
  }
  return { count, pointsPerPrompt: k - 2, points, labels: kept, boxes, multimask: prompts.multimask };
}
