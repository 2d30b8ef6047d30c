/**
 * LVIS annotation files: COCO's layout plus federated labels per image (verified-absent and
 * not-exhaustively-annotated categories) and a frequency group per category.
 */
import { z } from 'zod';
import type { XywhBox } from '../rle/types.js';
import { annotationFields, crossCheckInstances, imageFields, optionalHeaderFields, type ParseOptions } from './coco.js';
import { requireKnown } from './ids.js';
import { fieldAt } from './path.js';
import { segmentationSchema, type Segmentation } from './segmentation.js';
import { idSchema, int } from './schemas.js';
import { parseOrThrow } from './validate.js';

/** LVIS frequency groups: rare (1–10 training images), common (11–100), frequent (> 100). */
export type LvisFrequency = 'r' | 'c' | 'f';

export interface LvisImage {
  id: number;
  width: number;
  height: number;
  /** Categories present but not exhaustively annotated: unmatched detections of them are not false positives. */
  not_exhaustive_category_ids: number[];
  /** Categories verified absent from the image. */
  neg_category_ids: number[];
  coco_url?: string;
  [key: string]: unknown;
}

export interface LvisCategory {
  id: number;
  name: string;
  frequency: LvisFrequency;
  synonyms?: string[];
  /** WordNet synset, e.g. `acorn.n.01`. */
  synset?: string;
  def?: string;
  image_count?: number;
  instance_count?: number;
  [key: string]: unknown;
}

/** Official LVIS files store polygons; like the LVIS API, owseg also accepts RLE here. */
export interface LvisAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: Segmentation;
  area: number;
  bbox: XywhBox;
  [key: string]: unknown;
}

export interface Lvis {
  images: LvisImage[];
  annotations: LvisAnnotation[];
  categories: LvisCategory[];
  info?: Record<string, unknown>;
  licenses?: unknown[];
  [key: string]: unknown;
}

const lvisSchema: z.ZodType<Lvis> = z.looseObject(
  {
    images: z.array(
      z.looseObject({
        ...imageFields,
        not_exhaustive_category_ids: z.array(idSchema),
        neg_category_ids: z.array(idSchema),
        coco_url: z.string().optional(),
      }),
    ),
    annotations: z.array(z.looseObject({ ...annotationFields, segmentation: segmentationSchema })),
    categories: z.array(
      z.looseObject({
        id: idSchema,
        name: z.string(),
        frequency: z.enum(['r', 'c', 'f']),
        synonyms: z.array(z.string()).optional(),
        synset: z.string().optional(),
        def: z.string().optional(),
        image_count: int(0).optional(),
        instance_count: int(0).optional(),
      }),
    ),
    ...optionalHeaderFields,
  },
  { error: 'an LVIS object { images, annotations, categories }' },
);

/** Validates a parsed LVIS JSON value; throws an InvalidInputError naming the first bad field. */
export function parseLvis(value: unknown, options: ParseOptions = {}): Lvis {
  const data = parseOrThrow(lvisSchema, value, options.source);
  const { categories } = crossCheckInstances(data, options.source);
  data.images.forEach((image, i) => {
    for (const list of ['not_exhaustive_category_ids', 'neg_category_ids'] as const) {
      image[list].forEach((id, j) => requireKnown(id, categories, fieldAt(['images', i, list, j], options.source), 'a category'));
    }
  });
  return data;
}
