/**
 * Reader for Osprey's region-recognition validation files (lvis_val_1k_category.json,
 * paco_val_1k_category.json): one item per image with parallel `categories` and `annotations` lists.
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { int } from '../../core/formats/schemas.js';
import { checkSegmentation, segmentationSchema, type Segmentation } from '../../core/formats/segmentation.js';
import { parseOrThrow } from '../../core/formats/validate.js';

export interface OspreyRegion {
  segmentation: Segmentation;
  /** The category exactly as the file gives it, e.g. LVIS's `bow_(weapon)`; clean-up belongs to the metric. */
  name: string;
}

export interface OspreySample {
  /** The item's `id` (a COCO image id); predictions name regions by it. */
  id: number | string;
  /** `file_name`, relative to the COCO image folder. */
  imageFile: string;
  width: number;
  height: number;
  regions: OspreyRegion[];
}

/**
 * The layout both reference scripts read (Osprey's lvis_paco_eval.py and WOW-Seg's
 * convert_osprey_to_internvl.py): a JSON array of items whose `categories[i]` names the region of
 * `annotations[i]`; a segmentation is polygons, or an RLE when it is an object. Other keys are ignored.
 */
const itemSchema = z.object({
  id: z.union([int(), z.string()], { error: 'an integer or a string' }),
  file_name: z.string(),
  height: int(1),
  width: int(1),
  categories: z.array(z.string()),
  annotations: z.array(z.object({ segmentation: segmentationSchema })),
});

const fileSchema = z.array(itemSchema);

/** Checks and converts a parsed Osprey file; errors name `source` and the JSON path. */
export function parseOspreyJson(value: unknown, source = 'osprey json'): OspreySample[] {
  const items = parseOrThrow(fileSchema, value, source);
  const seen = new Set<number | string>();
  return items.map((item, i) => {
    const at = `${source}: [${i}]`;
    // Osprey pairs the lists by index; a length mismatch would silently misname every later region.
    if (item.categories.length !== item.annotations.length) {
      throw new InvalidInputError(`${at}.categories`, `one category per annotation (${item.annotations.length})`, `got ${item.categories.length}`);
    }
    if (seen.has(item.id)) throw new InvalidInputError(`${at}.id`, 'an id no other item has', `${JSON.stringify(item.id)} repeats`);
    seen.add(item.id);
    const regions = item.annotations.map((annotation, k) => {
      checkSegmentation(annotation.segmentation, `${at}.annotations[${k}].segmentation`, {
        size: [item.height, item.width],
        name: "the item's height and width",
      });
      return { segmentation: annotation.segmentation, name: item.categories[k]! };
    });
    return { id: item.id, imageFile: item.file_name, width: item.width, height: item.height, regions };
  });
}

export async function readOspreyJson(path: string): Promise<OspreySample[]> {
  return parseOspreyJson(await readJsonFile(path), path);
}
