/**
 * Random COCO ground truth and results for the AP tests: blob masks on random image sizes, crowds,
 * areas on and around the range limits, detections shifted and reshaped from the ground truth,
 * false positives, tied scores and images with more than 100 detections. Seeded, never tuned.
 */
import type { CocoAnnotation, CocoInstances, CocoResult } from '../../../src/core/formats/index.js';
import type { Mask } from '../../../src/core/mask.js';
import * as rle from '../../../src/core/rle/index.js';
import { blobMask, seededRandom } from '../../helpers/random.js';

export interface DatasetSpec {
  seed: number;
  images: number;
  categories: number;
  /** Ground truths per image: 0 up to this many. */
  maxObjects: number;
  minSide: number;
  maxSide: number;
  crowdRate: number;
  /** False positives per image: 0 up to this many. */
  maxFalsePositives: number;
  /** Round scores to this step (ties), or 0 for continuous scores. */
  scoreStep: number;
  /** Give every result a bbox (then pycocotools takes detection areas from the boxes). */
  withBoxes?: boolean;
  /** Chance that an object is annotated twice (same mask, own category, crowd flag and area): IoU ties. */
  duplicateRate?: number;
  /** Annotation ids start here (0 exercises COCOeval's treatment of a match to id 0). */
  firstId?: number;
}

export interface Dataset {
  gt: CocoInstances;
  results: CocoResult[];
}

export function makeDataset(spec: DatasetSpec): Dataset {
  const random = seededRandom(spec.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  // Category ids are sparse and unordered so sorting by id matters.
  const categoryIds = Array.from({ length: spec.categories }, (_, k) => 7 * (spec.categories - k) + 3);
  const gt: CocoInstances = {
    images: [],
    annotations: [],
    categories: categoryIds.map((id) => ({ id, name: `category ${id}` })),
  };
  const results: CocoResult[] = [];
  let nextId = spec.firstId ?? 1;
  const score = () => (spec.scoreStep > 0 ? Math.round(random() / spec.scoreStep) * spec.scoreStep : random());
  // The last category never gets ground truth, only (false) detections.
  const gtCategory = () => categoryIds[int(0, Math.max(0, spec.categories - 2))]!;
  const imageIds = Array.from({ length: spec.images }, (_, i) => 1000 - 3 * i);
  for (const imageId of imageIds) {
    const height = int(spec.minSide, spec.maxSide);
    const width = int(spec.minSide, spec.maxSide);
    gt.images.push({ id: imageId, height, width, file_name: `${imageId}.jpg` });
    const addResult = (mask: Mask, categoryId: number) => {
      const segmentation = rle.encode(mask);
      const result: CocoResult = { image_id: imageId, category_id: categoryId, segmentation, score: score() };
      if (spec.withBoxes) result.bbox = rle.toBbox(segmentation);
      results.push(result);
    };
    const objects = int(0, spec.maxObjects);
    for (let o = 0; o < objects; o++) {
      const mask = blobMask(height, width, int(1, 2), random);
      const categoryId = gtCategory();
      const crowd = random() < spec.crowdRate;
      const annotate = (category: number, isCrowd: boolean): CocoAnnotation => ({
        id: nextId++,
        image_id: imageId,
        category_id: category,
        segmentation: isCrowd ? rle.decompress(rle.encode(mask)) : rle.encode(mask),
        area: gtArea(rle.area(rle.encode(mask)), random),
        bbox: rle.toBbox(rle.encode(mask)),
        iscrowd: isCrowd ? 1 : 0,
      });
      gt.annotations.push(annotate(categoryId, crowd));
      if (random() < (spec.duplicateRate ?? 0)) {
        gt.annotations.push(annotate(random() < 0.5 ? categoryId : gtCategory(), random() < spec.crowdRate));
      }
      const copies = crowd ? int(0, 3) : int(0, 2);
      for (let c = 0; c < copies; c++) {
        const confused = random() < 0.15;
        addResult(perturb(mask, random), confused ? categoryIds[int(0, spec.categories - 1)]! : categoryId);
      }
    }
    const falsePositives = int(0, spec.maxFalsePositives);
    for (let f = 0; f < falsePositives; f++) {
      addResult(blobMask(height, width, 1, random), categoryIds[int(0, spec.categories - 1)]!);
    }
  }
  // Results arrive in no particular image order, as a detector's output often does.
  shuffle(results, random);
  return { gt, results };
}

/** Usually the mask's pixel count, sometimes off from it (COCO's areas are polygon areas), sometimes on a range limit. */
function gtArea(pixels: number, random: () => number): number {
  const pick = random();
  if (pick < 0.1) return 32 ** 2;
  if (pick < 0.15) return 96 ** 2;
  if (pick < 0.35) return pixels * (0.7 + 0.6 * random());
  return pixels;
}

/** The mask moved by a few pixels, sometimes grown or eaten by a blob, sometimes emptied. */
function perturb(mask: Mask, random: () => number): Mask {
  const { height, width } = mask;
  const dx = Math.floor(random() * 7) - 3;
  const dy = Math.floor(random() * 7) - 3;
  const data = new Uint8Array(height * width);
  if (random() < 0.03) return { height, width, data };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      const sy = y - dy;
      if (sx >= 0 && sx < width && sy >= 0 && sy < height) data[y * width + x] = mask.data[sy * width + sx]!;
    }
  }
  const change = random();
  if (change < 0.4) {
    const blob = blobMask(height, width, 1, random);
    const grow = change < 0.2;
    for (let i = 0; i < data.length; i++) {
      if (blob.data[i]) data[i] = grow ? 1 : 0;
    }
  }
  return { height, width, data };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
