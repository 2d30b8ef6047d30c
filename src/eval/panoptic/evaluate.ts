/**
 * Panoptic quality over a dataset: in memory from id maps (`pqFromSegments`) or from COCO panoptic
 * JSON + PNG folders (`evaluatePanoptic`), with panopticapi's pairing of prediction to ground-truth images.
 */
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import {
  loadPanopticPng,
  readCocoPanoptic,
  type CocoPanoptic,
  type PanopticAnnotation,
  type PanopticCategory,
} from '../readers/panoptic.js';
import { averagePq, type PqClassCounts, type PqResult } from './counts.js';
import { addPqImage, type PqImage } from './image.js';

export interface PanopticOptions {
  /** Called after each image with the images done and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Skip (and count) an image that fails a check — no prediction, unreadable PNG, a segment
   * panopticapi would reject — instead of throwing. Default false, as panopticapi raises.
   */
  lenient?: boolean;
}

export interface PanopticEvaluation extends PqResult {
  images: number;
  /** Images (and stray predictions) skipped under `lenient`, each with the error that skipped it. */
  skipped: { count: number; reasons: string[] };
}

/** PQ over images already in memory; every category a segment uses must be in `categories`. */
export function pqFromSegments(images: Iterable<PqImage>, categories: readonly PanopticCategory[]): PqResult {
  const counts = new Map<number, PqClassCounts>();
  const byId = new Map(categories.map((category) => [category.id, category]));
  for (const image of images) addPqImage(counts, image, byId);
  return averagePq(counts, categories);
}

/**
 * panopticapi's pq_compute: ground-truth categories define the classes; each ground-truth image is
 * paired with the prediction of the same image_id and the PNGs `file_name` in each folder.
 */
export async function evaluatePanoptic(
  gtJson: string,
  predJson: string,
  gtDir: string,
  predDir: string,
  options: PanopticOptions = {},
): Promise<PanopticEvaluation> {
  const gt = await readCocoPanoptic(gtJson);
  const pred = await readCocoPanoptic(predJson);
  if (gt.categories.length === 0) {
    throw new InvalidInputError(`${gtJson}: categories`, 'the list of categories with their isthing flags', 'it is missing or empty');
  }
  const skipped: string[] = [];
  const attempt = async (work: () => Promise<void> | void) => {
    try {
      await work();
    } catch (error) {
      if (!(options.lenient && error instanceof InvalidInputError)) throw error;
      skipped.push(error.message);
    }
  };

  const predictions = await pairPredictions(gt, pred, predJson, attempt);
  const counts = new Map<number, PqClassCounts>();
  const categories = new Map(gt.categories.map((category) => [category.id, category]));
  let done = 0;
  for (const annotation of gt.annotations) {
    await attempt(async () => {
      const name = `image ${annotation.imageId} (${annotation.fileName})`;
      const prediction = predictions.get(annotation.imageId);
      if (!prediction) {
        throw new InvalidInputError(`${predJson}: annotations`, `a prediction for ${name}`, 'there is none');
      }
      const image: PqImage = {
        name,
        gt: { map: await loadPanopticPng(join(gtDir, annotation.fileName)), segments: annotation.segments },
        pred: { map: await loadPanopticPng(join(predDir, prediction.fileName)), segments: prediction.segments },
      };
      addPqImage(counts, image, categories);
    });
    options.onProgress?.(++done, gt.annotations.length);
  }
  return { ...averagePq(counts, gt.categories), images: gt.annotations.length, skipped: { count: skipped.length, reasons: skipped } };
}

/**
 * Predictions by image id. A duplicate or a prediction for an image the ground truth lacks is an
 * error (panopticapi silently keeps the last duplicate and ignores strays).
 */
async function pairPredictions(
  gt: CocoPanoptic,
  pred: CocoPanoptic,
  predJson: string,
  attempt: (work: () => void) => Promise<void>,
): Promise<Map<number | string, PanopticAnnotation>> {
  const gtIds = new Set(gt.annotations.map((annotation) => annotation.imageId));
  const byId = new Map<number | string, PanopticAnnotation>();
  for (const [i, annotation] of pred.annotations.entries()) {
    await attempt(() => {
      const field = `${predJson}: annotations[${i}].image_id`;
      if (!gtIds.has(annotation.imageId)) {
        throw new InvalidInputError(field, 'the image_id of a ground-truth image', `no ground-truth image has id ${annotation.imageId}`);
      }
      if (byId.has(annotation.imageId)) {
        throw new InvalidInputError(field, 'one prediction per image', `image ${annotation.imageId} has more than one`);
      }
      byId.set(annotation.imageId, annotation);
    });
  }
  return byId;
}
