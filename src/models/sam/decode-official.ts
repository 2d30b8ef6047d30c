/**
 * Runs segment-anything's exported decoder (scripts/export_onnx_model.py), building the feeds as the
 * repository's ONNX example notebook does: once per prompt as exported (batch 1), or several prompts
 * a call when the loader freed the batch dimension (official-decoder.ts).
 */
import type { Session } from '../../onnx/session-types.js';
import { float32Tensor, toFloat32, type Tensor } from '../../onnx/tensor.js';
import { requireInput, numericFeed } from './feeds.js';
import type { SamGeometry } from './preprocess.js';
import { transformCoords } from './preprocess.js';
import type { CheckedPrompts } from './prompts.js';
import { concatFloat32 } from '../../core/float32.js';

/**
 * Prompts per call of a batch-free decoder. Every prompt carries its own copy of the 64² image tokens
 * through the two-way transformer, so large batches only add memory traffic: on ViT-B (2 cores) 8 a
 * call took about 100 ms a prompt, 1 a call 116 ms and 64 a call 212 ms.
 */
const PROMPTS_PER_CALL = 8;

export interface RawDecode {
  iou: Float32Array;
  lowRes: Float32Array;
  /** Masks per prompt as the export returns them. */
  exported: number;
}

/**
 * `batched`: the decoder takes many prompts in one call (its point inputs' first dimension is free).
 * Prompts still go one at a time with a mask input (mask_input holds a single plane) or when their
 * point counts differ (box corners given as points in some prompts only).
 */
export async function decodeOfficial(
  decoder: Session,
  features: Record<string, Tensor>,
  geometry: SamGeometry,
  prompts: CheckedPrompts,
  maskSize: number,
  batched: boolean,
): Promise<RawDecode> {
  const points = Array.from({ length: prompts.count }, (_, p) => promptPoints(prompts, p));
  const uniform = points.every((p) => p.labels.length === points[0]!.labels.length);
  const step = batched && uniform && !prompts.maskInput ? PROMPTS_PER_CALL : 1;
  const parts: RawDecode[] = [];
  for (let p = 0; p < prompts.count; p += step) parts.push(await runPrompts(decoder, features, geometry, prompts, maskSize, points.slice(p, p + step), p));
  return { iou: concatFloat32(parts.map((r) => r.iou)), lowRes: concatFloat32(parts.map((r) => r.lowRes)), exported: parts[0]!.exported };
}

/** The prompts whose `points` are given, the first being prompt `first`, in one decoder call (one point count for all). */
async function runPrompts(
  decoder: Session,
  features: Record<string, Tensor>,
  geometry: SamGeometry,
  prompts: CheckedPrompts,
  maskSize: number,
  points: readonly { coords: number[]; labels: number[] }[],
  first: number,
): Promise<RawDecode> {
  const coordsInfo = requireInput(decoder, 'point_coords', 'decoder');
  const labelsInfo = requireInput(decoder, 'point_labels', 'decoder');
  const plane = maskSize * maskSize;
  const n = points[0]!.labels.length;
  const count = points.length;
  const mask = prompts.maskInput?.subarray(first * plane, (first + 1) * plane) ?? new Float32Array(plane);
  const out = await decoder.run(
    {
      ...features,
      point_coords: numericFeed(coordsInfo, [count, n, 2], transformCoords(Float32Array.from(points.flatMap((p) => p.coords)), geometry)),
      point_labels: numericFeed(labelsInfo, [count, n], points.flatMap((p) => p.labels)),
      mask_input: float32Tensor([1, 1, maskSize, maskSize], mask),
      has_mask_input: float32Tensor([1], [prompts.maskInput ? 1 : 0]),
      orig_im_size: float32Tensor([2], [geometry.originalSize.height, geometry.originalSize.width]),
    },
    ['iou_predictions', 'low_res_masks'],
  );
  const iou = toFloat32(out.iou_predictions!);
  return { iou, lowRes: toFloat32(out.low_res_masks!), exported: iou.length / count };
}

/**
 * One prompt's points with its box appended as corners labelled 2 and 3; without box corners a
 * padding point (0, 0) labelled −1 is added, as SamPredictor's prompt encoder does (pad = boxes is
 * None) and as the export leaves to its caller.
 */
function promptPoints(prompts: CheckedPrompts, p: number): { coords: number[]; labels: number[] } {
  const k = prompts.pointsPerPrompt;
  const coords = Array.from(prompts.points.subarray(p * k * 2, (p + 1) * k * 2));
  const labels = Array.from(prompts.labels.subarray(p * k, (p + 1) * k));
  if (prompts.boxes) {
    coords.push(...prompts.boxes.subarray(p * 4, p * 4 + 4));
    labels.push(2, 3);
  } else if (!labels.some((l) => l === 2 || l === 3)) {
    coords.push(0, 0);
    labels.push(-1);
  }
  return { coords, labels };
}
