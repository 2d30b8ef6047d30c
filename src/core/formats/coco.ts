/**
 * COCO instances files (images, annotations, categories): the schema, the cross-checks between
 * the three lists, and the parser every COCO-style reader builds on.
 */
import { z } from 'zod';
import type { XywhBox } from '../rle/types.js';
import { indexIds, requireKnown } from './ids.js';
import { fieldAt } from './path.js';
import { checkSegmentation, segmentationSchema, type Segmentation } from './segmentation.js';
import { bboxSchema, idSchema, int } from './schemas.js';
import { parseOrThrow } from './validate.js';

/** Records keep fields owseg does not know (`license`, `coco_url`, …) so writing back loses nothing. */
export interface CocoImage {
  id: number;
  width: number;
  height: number;
  file_name?: string;
  [key: string]: unknown;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory?: string;
  [key: string]: unknown;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: Segmentation;
  area: number;
  bbox: XywhBox;
  iscrowd?: 0 | 1;
  [key: string]: unknown;
}

export interface CocoInstances {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
  info?: Record<string, unknown>;
  licenses?: unknown[];
  [key: string]: unknown;
}

export interface ParseOptions {
  /** Names the input in error messages, e.g. the file it was read from. */
  source?: string;
}

export const imageFields = {
  id: idSchema,
  width: int(1),
  height: int(1),
};

export const annotationFields = {
  id: idSchema,
  image_id: idSchema,
  category_id: idSchema,
  area: z.number().nonnegative(),
  bbox: bboxSchema,
};

export const optionalHeaderFields = {
  info: z.record(z.string(), z.unknown()).optional(),
  licenses: z.array(z.unknown()).optional(),
};

const cocoInstancesSchema: z.ZodType<CocoInstances> = z.looseObject(
  {
    images: z.array(z.looseObject({ ...imageFields, file_name: z.string().optional() })),
    annotations: z.array(
      z.looseObject({ ...annotationFields, segmentation: segmentationSchema, iscrowd: z.literal([0, 1]).optional() }),
    ),
    categories: z.array(z.looseObject({ id: idSchema, name: z.string(), supercategory: z.string().optional() })),
    ...optionalHeaderFields,
  },
  { error: 'a COCO instances object { images, annotations, categories }' },
);

/** Validates a parsed COCO instances JSON value; throws an InvalidInputError naming the first bad field. */
export function parseCocoInstances(value: unknown, options: ParseOptions = {}): CocoInstances {
  const data = parseOrThrow(cocoInstancesSchema, value, options.source);
  crossCheckInstances(data, options.source);
  return data;
}

/**
 * The checks between lists that COCO and LVIS share: unique ids in each list, annotations that
 * name an existing image and category, and segmentations that fit their image.
 */
export function crossCheckInstances(
  data: Pick<CocoInstances, 'images' | 'annotations' | 'categories'>,
  source?: string,
): { images: Map<number, number>; categories: Map<number, number> } {
  const images = indexIds(data.images, 'images', source);
  const categories = indexIds(data.categories, 'categories', source);
  indexIds(data.annotations, 'annotations', source);
  data.annotations.forEach((annotation, i) => {
    requireKnown(annotation.image_id, images, fieldAt(['annotations', i, 'image_id'], source), 'an image');
    requireKnown(annotation.category_id, categories, fieldAt(['annotations', i, 'category_id'], source), 'a category');
    const image = data.images[images.get(annotation.image_id)!]!;
    checkSegmentation(annotation.segmentation, fieldAt(['annotations', i, 'segmentation'], source), {
      size: [image.height, image.width],
      name: `the height and width of image ${image.id}`,
    });
  });
  return { images, categories };
}
