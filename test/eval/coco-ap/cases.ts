/**
 * Builders for hand-worked AP cases: rectangles as RLEs, images, annotations and results with
 * only the fields that matter, so each test reads as the situation it describes.
 */
import type { CocoAnnotation, CocoInstances, CocoResult } from '../../../src/core/formats/index.js';
import * as rle from '../../../src/core/rle/index.js';

export const SIZE = 200;

/** The rectangle [x, x + w) × [y, y + h) on a SIZE × SIZE image. */
export function rect(x: number, y: number, w: number, h: number): rle.Rle {
  const data = new Uint8Array(SIZE * SIZE);
  for (let row = y; row < y + h; row++) data.fill(1, row * SIZE + x, row * SIZE + x + w);
  return rle.encode({ height: SIZE, width: SIZE, data });
}

export function truth(id: number, imageId: number, segmentation: rle.Rle, extra: Partial<CocoAnnotation> = {}): CocoAnnotation {
  return {
    id,
    image_id: imageId,
    category_id: 1,
    segmentation,
    area: rle.area(segmentation),
    bbox: rle.toBbox(segmentation),
    iscrowd: 0,
    ...extra,
  };
}

export function prediction(imageId: number, segmentation: rle.Rle, score: number, extra: Partial<CocoResult> = {}): CocoResult {
  return { image_id: imageId, category_id: 1, segmentation, score, ...extra };
}

export function instances(annotations: CocoAnnotation[], images = [1], categories = [1]): CocoInstances {
  return {
    images: images.map((id) => ({ id, height: SIZE, width: SIZE })),
    annotations,
    categories: categories.map((id) => ({ id, name: `c${id}` })),
  };
}
