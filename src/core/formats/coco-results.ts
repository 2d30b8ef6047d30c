/**
 * COCO result files, the list form detectors submit (`[{ image_id, category_id, segmentation,
 * score }]`), for COCO and LVIS evaluation alike.
 */
import { z } from 'zod';
import type { XywhBox } from '../rle/types.js';
import type { ParseOptions } from './coco.js';
import { requireKnown } from './ids.js';
import { fieldAt } from './path.js';
import { checkSegmentation, segmentationSchema, type ExpectedSize, type Segmentation } from './segmentation.js';
import { bboxSchema, idSchema } from './schemas.js';
import { parseOrThrow } from './validate.js';

export interface CocoResult {
  image_id: number;
  category_id: number;
  segmentation: Segmentation;
  score: number;
  bbox?: XywhBox;
  area?: number;
  [key: string]: unknown;
}

const cocoResultsSchema: z.ZodType<CocoResult[]> = z.array(
  z.looseObject({
    image_id: idSchema,
    category_id: idSchema,
    segmentation: segmentationSchema,
    score: z.number(),
    bbox: bboxSchema.optional(),
    area: z.number().nonnegative().optional(),
  }),
  { error: 'a COCO results array [{ image_id, category_id, segmentation, score }]' },
);

/**
 * Validates a parsed COCO results value. Without the ground truth the image sizes are unknown,
 * so every RLE of one image must at least share the size of that image's first RLE.
 */
export function parseCocoResults(value: unknown, options: ParseOptions = {}): CocoResult[] {
  const results = parseOrThrow(cocoResultsSchema, value, options.source);
  const firstSize = new Map<number, ExpectedSize>();
  results.forEach((result, i) => {
    const field = fieldAt([i, 'segmentation'], options.source);
    checkSegmentation(result.segmentation, field, firstSize.get(result.image_id));
    if (!Array.isArray(result.segmentation) && !firstSize.has(result.image_id)) {
      const name = `the size of [${i}].segmentation, the first RLE for image ${result.image_id}`;
      firstSize.set(result.image_id, { size: result.segmentation.size, name });
    }
  });
  return results;
}

/** Checks results against their ground truth: known image and category ids, RLEs the size of their image. */
export function crossCheckCocoResults(
  results: readonly CocoResult[],
  groundTruth: {
    images: readonly { id: number; height: number; width: number }[];
    categories: readonly { id: number }[];
  },
  options: ParseOptions = {},
): void {
  const images = new Map(groundTruth.images.map((image) => [image.id, image]));
  const categories = new Map(groundTruth.categories.map((category) => [category.id, category]));
  results.forEach((result, i) => {
    requireKnown(result.image_id, images, fieldAt([i, 'image_id'], options.source), 'an image');
    requireKnown(result.category_id, categories, fieldAt([i, 'category_id'], options.source), 'a category');
    const image = images.get(result.image_id)!;
    checkSegmentation(result.segmentation, fieldAt([i, 'segmentation'], options.source), {
      size: [image.height, image.width],
      name: `the height and width of image ${image.id}`,
    });
  });
}
