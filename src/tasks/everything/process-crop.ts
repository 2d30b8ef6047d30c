/**
 * One crop of SAM's generator (`_process_crop` and `_process_batch`): encode the crop once, prompt
 * its point grid in batches, filter, box, NMS within the crop. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { RgbImage } from '../../core/image/index.js';
import type { XyxyBox } from './crop-boxes.js';
import { cropImage } from './crop-image.js';
import { isBoxNearCropEdge } from './crop-edge.js';
import { binarizeInto, stabilityScore } from './mask-stats.js';
import { boxNms } from './nms.js';
import type { ResolvedOptions } from './options.js';
import type { EncodedImage, PromptPredictor } from './predictor.js';
import { pick, type MaskRecord } from './records.js';
import { uncropBox, uncroppedRle } from './uncrop.js';

/** SAM's `mask_threshold`: logits above 0 are foreground. */
const MASK_THRESHOLD = 0;

/** Called after each batch with the number of points it prompted. */
export type BatchDone = (points: number) => void;

/** The masks of one crop in the image frame, best predicted IoU first. */
export async function processCrop(
  predictor: PromptPredictor,
  image: RgbImage,
  crop: XyxyBox,
  grid: Float64Array,
  options: ResolvedOptions,
  onBatch: BatchDone,
): Promise<MaskRecord[]> {
  const cropped = cropImage(image, crop);
  const encoded = await predictor.encode(cropped);
  try {
    if (encoded.width !== cropped.width || encoded.height !== cropped.height) {
      throw new Error(`predictor returned an encoding of ${encoded.width}×${encoded.height} for a ${cropped.width}×${cropped.height} image`);
    }
    const points = scaleGrid(grid, cropped.width, cropped.height);
    const records: MaskRecord[] = [];
    const buffers = { mask: new Uint8Array(cropped.width * cropped.height), image: new Uint8Array(image.width * image.height) };
    const pointCount = grid.length / 2;
    for (let start = 0; start < pointCount; start += options.pointsPerBatch) {
      const end = Math.min(start + options.pointsPerBatch, pointCount);
      const batch = points.subarray(start * 2, end * 2);
      await processBatch(encoded, batch, crop, image, options, buffers, records);
      onBatch(end - start);
    }
    const keep = boxNms(
      records.map((r) => r.box),
      records.map((r) => r.predictedIou),
      options.boxNmsThresh,
    );
    // NMS runs on crop-frame boxes, as in the reference; only then are they moved to the image frame.
    return pick(records, keep).map((r) => ({
      ...r,
      box: uncropBox(r.box, crop),
      point: [r.point[0] + crop[0], r.point[1] + crop[1]],
    }));
  } finally {
    encoded.dispose?.();
  }
}

/** Grid × [crop width, crop height] in float64, as the reference scales its numpy grid. */
function scaleGrid(grid: Float64Array, width: number, height: number): Float64Array {
  const points = new Float64Array(grid.length);
  for (let i = 0; i < grid.length; i += 2) {
    points[i] = grid[i]! * width;
    points[i + 1] = grid[i + 1]! * height;
  }
  return points;
}

/** Appends the batch's masks that pass every filter (crop-frame box and point) to `out`. */
async function processBatch(
  encoded: EncodedImage,
  points: Float64Array,
  crop: XyxyBox,
  image: RgbImage,
  options: ResolvedOptions,
  buffers: { mask: Uint8Array; image: Uint8Array },
  out: MaskRecord[],
): Promise<void> {
  const { width, height } = encoded;
  const prediction = await encoded.predictPoints(points, { multimask: true });
  const { count, masksPerPrompt, iou } = prediction;
  if (count !== points.length / 2 || iou.length !== count * masksPerPrompt) {
    throw new Error(`predictor returned ${count} prompts × ${masksPerPrompt} masks (${iou.length} IoUs) for ${points.length / 2} points`);
  }
  // torch compares the float32 scores with the thresholds cast to float32.
  const iouThresh = Math.fround(options.predIouThresh);
  const stabilityThresh = Math.fround(options.stabilityScoreThresh);
  for (let index = 0; index < iou.length; index++) {
    const predictedIou = iou[index]!;
    if (options.predIouThresh > 0 && !(predictedIou > iouThresh)) continue;
    const logits = prediction.logits(index);
    if (logits.length !== width * height) throw new Error(`predictor returned ${logits.length} logits for a ${width}×${height} mask`);
    const stability = stabilityScore(logits, width, height, MASK_THRESHOLD, options.stabilityScoreOffset);
    if (options.stabilityScoreThresh > 0 && !(stability >= stabilityThresh)) continue;
    const box = binarizeInto(logits, width, height, MASK_THRESHOLD, buffers.mask);
    if (isBoxNearCropEdge(box, crop, image.width, image.height)) continue;
    const p = Math.floor(index / masksPerPrompt);
    out.push({
      rle: uncroppedRle(buffers.mask, crop, image.width, image.height, buffers.image),
      box,
      predictedIou,
      stabilityScore: stability,
      point: [points[p * 2]!, points[p * 2 + 1]!],
      cropBox: crop,
    });
  }
}
