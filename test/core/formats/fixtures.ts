/**
 * Small, hand-checked annotation files for the format tests, built in code so each test can
 * break exactly one field of a fresh copy.
 */
import type { CocoInstances } from '../../../src/core/formats/coco.js';
import type { CocoResult } from '../../../src/core/formats/coco-results.js';
import type { Lvis } from '../../../src/core/formats/lvis.js';
import type { OwsegResult } from '../../../src/core/formats/owseg-result.js';
import { regionFromMask } from '../../../src/core/formats/owseg-result.js';
import type { Mask } from '../../../src/core/mask.js';

/**
 * Three annotations, one of each segmentation kind:
 * - a polygon (a 4 × 3 rectangle);
 * - uncompressed runs [10, 5, 33] on 6 × 8: column-major pixels 10–14, i.e. (x 1, y 4–5) and (x 2, y 0–2);
 * - compressed "538" on 4 × 4: runs [5, 3, 8], i.e. x 1, y 1–3.
 */
export function cocoFixture(): CocoInstances {
  return {
    info: { description: 'owseg format tests' },
    licenses: [{ id: 1, name: 'test' }],
    images: [
      { id: 1, width: 8, height: 6, file_name: 'a.jpg' },
      { id: 2, width: 4, height: 4, file_name: 'b.jpg', license: 1 },
    ],
    categories: [
      { id: 1, name: 'cat', supercategory: 'animal' },
      { id: 3, name: 'dog', supercategory: 'animal' },
    ],
    annotations: [
      { id: 10, image_id: 1, category_id: 1, segmentation: [[1, 1, 5, 1, 5, 4, 1, 4]], area: 12, bbox: [1, 1, 4, 3], iscrowd: 0 },
      { id: 11, image_id: 1, category_id: 3, segmentation: { size: [6, 8], counts: [10, 5, 33] }, area: 5, bbox: [1, 0, 2, 6], iscrowd: 1 },
      { id: 12, image_id: 2, category_id: 1, segmentation: { size: [4, 4], counts: '538' }, area: 3, bbox: [1, 1, 1, 3], iscrowd: 0 },
    ],
  };
}

/** Three categories, one per frequency group; federated labels on image 1. */
export function lvisFixture(): Lvis {
  return {
    images: [
      { id: 1, width: 8, height: 6, coco_url: 'http://example.com/1.jpg', not_exhaustive_category_ids: [2], neg_category_ids: [3] },
      { id: 2, width: 4, height: 4, not_exhaustive_category_ids: [], neg_category_ids: [] },
    ],
    categories: [
      { id: 1, name: 'acorn', frequency: 'r', synonyms: ['acorn'], synset: 'acorn.n.01', def: 'nut from an oak tree' },
      { id: 2, name: 'apple', frequency: 'c', synonyms: ['apple'], synset: 'apple.n.01' },
      { id: 3, name: 'banana', frequency: 'f', synonyms: ['banana'], synset: 'banana.n.02', image_count: 3, instance_count: 87 },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 2, segmentation: [[1, 1, 5, 1, 5, 4, 1, 4]], area: 12, bbox: [1, 1, 4, 3] },
      { id: 2, image_id: 1, category_id: 2, segmentation: [[0, 0, 2, 0, 2, 2]], area: 2, bbox: [0, 0, 2, 2] },
      { id: 3, image_id: 2, category_id: 3, segmentation: [[0, 0, 4, 0, 4, 4, 0, 4]], area: 16, bbox: [0, 0, 4, 4] },
    ],
  };
}

/** Results for cocoFixture's images: ":5Q1" is runs [10, 5, 33] compressed, "538" is [5, 3, 8]. */
export function resultsFixture(): CocoResult[] {
  return [
    { image_id: 1, category_id: 3, segmentation: { size: [6, 8], counts: ':5Q1' }, score: 0.9 },
    { image_id: 1, category_id: 1, segmentation: { size: [6, 8], counts: [10, 5, 33] }, score: 0.25 },
    { image_id: 2, category_id: 1, segmentation: { size: [4, 4], counts: '538' }, score: 0.5, bbox: [1, 1, 1, 3], area: 3 },
  ];
}

/** A width × height mask with the given [x, y] pixels set. */
export function maskWith(width: number, height: number, pixels: [number, number][]): Mask {
  const data = new Uint8Array(width * height);
  for (const [x, y] of pixels) data[y * width + x] = 1;
  return { height, width, data };
}

/** Two named regions and one unnamed region on a 5 × 4 image. */
export function owsegFixture(): OwsegResult {
  return {
    format: 'owseg.result',
    version: 1,
    image: { path: 'photos/cat.jpg', width: 5, height: 4 },
    model: { name: 'sam-tiny', family: 'sam', pack: 'packs/sam-tiny' },
    task: 'everything',
    regions: [
      regionFromMask(0, maskWith(5, 4, [[0, 0], [1, 0], [1, 1]]), { name: 'cat', score: 0.75, predictedIou: 0.91, stabilityScore: 0.96 }),
      regionFromMask(1, maskWith(5, 4, [[4, 3]]), { name: 'cat', score: 0.5, logProb: -0.2 }),
      regionFromMask(7, maskWith(5, 4, [[2, 1], [2, 2], [3, 2], [3, 3]]), { extra: { source: 'grid point 3' } }),
    ],
    extra: { run: 'test' },
  };
}
