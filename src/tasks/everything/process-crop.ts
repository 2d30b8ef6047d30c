/**
 * One crop of SAM's generator (`_process_crop` and `_process_batch`): encode the crop once, prompt
 * its point grid in batches, filter, box, NMS within the crop. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { RgbImage } from '../../core/image/index.js';
import type { XyxyBox } from './crop-boxes.js';
import { cropImage } from './crop-image.js';
import { isBoxNearCropEdge } from './crop-edge.js';
import { maskBoxFromRows, stabilityFromRows } from './mask-stats.js';
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
    const buffers: Buffers = {
      mask: new Uint8Array(cropped.width * cropped.height),
      rowCounts: new Int32Array(3 * cropped.height),
      image: new Uint8Array(image.width * image.height),
    };
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

/** Scratch reused for every mask of a crop: the binary mask, its per-row counts, the uncropped mask. */
interface Buffers {
  mask: Uint8Array;
  rowCounts: Int32Array;
  image: Uint8Array;
}

/** Appends the batch's masks that pass every filter (crop-frame box and point) to `out`. */
async function processBatch(
  encoded: EncodedImage,
  points: Float64Array,
  crop: XyxyBox,
  image: RgbImage,
  options: ResolvedOptions,
  buffers: Buffers,
  out: MaskRecord[],
): Promise<void> {
  const { width, height } = encoded;
  const prediction = await encoded.predictPoints(points, { multimask: true });
  const { count, masksPerPrompt, iou } = prediction;
  if (count !== points.length / 2 || iou.length !== count * masksPerPrompt) {
    throw new Error(`predictor returned ${count} prompts × ${masksPerPrompt} masks (${iou.length} IoUs) for ${points.length / 2} points`);
  }
  // torch compares the float32 scores and logits with the thresholds cast to float32.
  const iouThresh = Math.fround(options.predIouThresh);
  const stabilityThresh = Math.fround(options.stabilityScoreThresh);
  const thresholds = {
    mask: Math.fround(MASK_THRESHOLD),
    counted: [Math.fround(MASK_THRESHOLD + options.stabilityScoreOffset), Math.fround(MASK_THRESHOLD - options.stabilityScoreOffset), Math.fround(MASK_THRESHOLD)],
  };
  const high = buffers.rowCounts.subarray(0, height);
  const low = buffers.rowCounts.subarray(height, 2 * height);
  const foreground = buffers.rowCounts.subarray(2 * height);
  for (let index = 0; index < iou.length; index++) {
    const predictedIou = iou[index]!;
    if (options.predIouThresh > 0 && !(predictedIou > iouThresh)) continue;
    prediction.threshold(index, thresholds, buffers.mask, buffers.rowCounts);
    const stability = stabilityFromRows(high, low);
    if (options.stabilityScoreThresh > 0 && !(stability >= stabilityThresh)) continue;
    const box = maskBoxFromRows(buffers.mask, width, foreground);
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
