/**
 * Runs segment-anything's exported decoder (scripts/export_onnx_model.py) once per prompt — its
 * point inputs have batch 1 — building the feeds as the repository's ONNX example notebook does.
 */
import { float32Tensor, toFloat32, type Session, type Tensor } from '../../onnx/index.js';
import { requireInput, numericFeed } from './feeds.js';
import type { SamGeometry } from './preprocess.js';
import { transformCoords } from './preprocess.js';
import type { CheckedPrompts } from './prompts.js';
import { concatFloat32 } from '../../core/float32.js';

export interface RawDecode {
  iou: Float32Array;
  lowRes: Float32Array;
  /** Masks per prompt as the export returns them. */
  exported: number;
}

export async function decodeOfficial(decoder: Session, features: Record<string, Tensor>, geometry: SamGeometry, prompts: CheckedPrompts, maskSize: number): Promise<RawDecode> {
  const coordsInfo = requireInput(decoder, 'point_coords', 'decoder');
  const labelsInfo = requireInput(decoder, 'point_labels', 'decoder');
  const plane = maskSize * maskSize;
  const iouParts: Float32Array[] = [];
  const maskParts: Float32Array[] = [];
  let exported = 0;
  for (let p = 0; p < prompts.count; p++) {
    const { coords, labels } = promptPoints(prompts, p);
    const n = labels.length;
    const mask = prompts.maskInput?.subarray(p * plane, (p + 1) * plane) ?? new Float32Array(plane);
    const out = await decoder.run(
      {
        ...features,
        point_coords: numericFeed(coordsInfo, [1, n, 2], transformCoords(Float32Array.from(coords), geometry)),
        point_labels: numericFeed(labelsInfo, [1, n], labels),
        mask_input: float32Tensor([1, 1, maskSize, maskSize], mask),
        has_mask_input: float32Tensor([1], [prompts.maskInput ? 1 : 0]),
        orig_im_size: float32Tensor([2], [geometry.originalSize.height, geometry.originalSize.width]),
      },
      ['iou_predictions', 'low_res_masks'],
    );
    const iou = toFloat32(out.iou_predictions!);
    exported = iou.length;
    iouParts.push(iou);
    maskParts.push(toFloat32(out.low_res_masks!));
  }
  return { iou: concatFloat32(iouParts), lowRes: concatFloat32(maskParts), exported };
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
