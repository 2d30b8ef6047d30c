/**
 * SAM's automatic mask generator (`SamAutomaticMaskGenerator.generate`) over any PromptPredictor:
 * crops, batches, filters, NMS within and across crops, optional clean-up, COCO RLE out.
 * Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import { assertRgbImage, type RgbImage } from '../../core/image/index.js';
import { area, type Rle, type XywhBox } from '../../core/rle/index.js';
import { cleanSmallRegions } from './clean-regions.js';
import { generateCropBoxes, type XyxyBox } from './crop-boxes.js';
import { boxNms } from './nms.js';
import { resolveOptions, type EverythingOptions } from './options.js';
import type { PromptPredictor } from './predictor.js';
import { processCrop } from './process-crop.js';
import { pick, type MaskRecord } from './records.js';

/** One generated mask, the reference's annotation record with camel-case keys. */
export interface EverythingMask {
  /** Compressed COCO RLE of the mask at the image's size. */
  segmentation: Rle;
  area: number;
  /**
   * The reference's `box_xyxy_to_xywh` of its inclusive mask box: width and height are one less
   * than the COCO box of the same mask (`rle.toBbox`).
   */
  bbox: XywhBox;
  predictedIou: number;
  /** The prompt point that produced the mask, in image pixels (a list of one, as the reference). */
  pointCoords: [number, number][];
  stabilityScore: number;
  /** The crop the mask was found in, [x, y, width, height]. */
  cropBox: XywhBox;
}

export interface EverythingProgress {
  /** Crops encoded so far, including the current one, and how many there are. */
  crop: number;
  crops: number;
  /** Point prompts run so far over all crops, and the total. */
  points: number;
  totalPoints: number;
}

export interface GenerateHooks {
  onProgress?: (progress: EverythingProgress) => void;
}

/**
 * Every mask SAM's automatic generator keeps for `image`, in the reference's order.
 * Deterministic for a deterministic predictor; the batch size changes only speed and memory.
 */
export async function generateEverything(
  predictor: PromptPredictor,
  image: RgbImage,
  options: EverythingOptions = {},
  hooks: GenerateHooks = {},
): Promise<EverythingMask[]> {
  assertRgbImage(image);
  const resolved = resolveOptions(options);
  const crops = generateCropBoxes(image.width, image.height, resolved.cropNLayers, resolved.cropOverlapRatio);
  const grids = crops.map((c) => resolved.pointGrids[c.layer]!);
  const totalPoints = grids.reduce((sum, g) => sum + g.length / 2, 0);
  let points = 0;
  let records: MaskRecord[] = [];
  for (let i = 0; i < crops.length; i++) {
    const report = (done: number): void => {
      points += done;
      hooks.onProgress?.({ crop: i + 1, crops: crops.length, points, totalPoints });
    };
    records = records.concat(await processCrop(predictor, image, crops[i]!.box, grids[i]!, resolved, report));
  }
  if (crops.length > 1) {
    // Prefer masks from smaller crops: score 1 / crop area, computed in float32 like torch.
    const scores = records.map((r) => Math.fround(1 / Math.fround((r.cropBox[2] - r.cropBox[0]) * (r.cropBox[3] - r.cropBox[1]))));
    records = pick(records, boxNms(records.map((r) => r.box), scores, resolved.cropNmsThresh));
  }
  if (resolved.minMaskRegionArea > 0) {
    records = cleanSmallRegions(records, resolved.minMaskRegionArea, Math.max(resolved.boxNmsThresh, resolved.cropNmsThresh));
  }
  return records.map(toMask);
}

function toMask(record: MaskRecord): EverythingMask {
  return {
    segmentation: record.rle,
    area: area(record.rle),
    bbox: xywh(record.box),
    predictedIou: record.predictedIou,
    pointCoords: [record.point],
    stabilityScore: record.stabilityScore,
    cropBox: xywh(record.cropBox),
  };
}

function xywh([x0, y0, x1, y1]: XyxyBox): XywhBox {
  return [x0, y0, x1 - x0, y1 - y0];
}
