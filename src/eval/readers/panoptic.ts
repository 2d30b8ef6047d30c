/**
 * COCO panoptic format reader: the JSON (images' segments_info, categories) and the PNG folder,
 * decoded one image at a time into segment-id maps (id = R + 256·G + 256²·B, 0 = VOID).
 */
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { loadImage } from '../../core/image/load.js';
import { asArray, asFlag, asImageId, asInteger, asRecord, asString } from './record-fields.js';

export interface PanopticCategory {
  id: number;
  name: string;
  isthing: boolean;
}

export interface PanopticSegment {
  id: number;
  categoryId: number;
  iscrowd: boolean;
  /** The JSON `area` when the file gives one; ground-truth areas are taken from here, as panopticapi does. */
  area?: number;
}

export interface PanopticAnnotation {
  imageId: number | string;
  fileName: string;
  segments: PanopticSegment[];
}

export interface CocoPanoptic {
  /** Empty when the file has no `categories` (prediction files usually do not). */
  categories: PanopticCategory[];
  annotations: PanopticAnnotation[];
}

/** A decoded panoptic PNG: one segment id per pixel, row-major. */
export interface PanopticIdMap {
  width: number;
  height: number;
  ids: Uint32Array;
}

/** Checks and converts a parsed COCO panoptic JSON; `source` prefixes every error's field. */
export function parseCocoPanoptic(json: unknown, source: string): CocoPanoptic {
  const root = asRecord(json, source);
  const categories = root.categories === undefined ? [] : parseCategories(root.categories, `${source}: categories`);
  const annotations = asArray(root.annotations, `${source}: annotations`).map((value, i) =>
    parseAnnotation(value, `${source}: annotations[${i}]`),
  );
  return { categories, annotations };
}

export async function readCocoPanoptic(jsonPath: string): Promise<CocoPanoptic> {
  return parseCocoPanoptic(await readJsonFile(jsonPath), jsonPath);
}

/** Decodes one panoptic PNG into segment ids (panopticapi's rgb2id). */
export async function loadPanopticPng(path: string): Promise<PanopticIdMap> {
  const image = await loadImage(path, { maxPixels: Infinity });
  const ids = new Uint32Array(image.width * image.height);
  const rgb = image.data;
  for (let i = 0, j = 0; i < ids.length; i++, j += 3) ids[i] = rgb[j]! + 256 * rgb[j + 1]! + 65536 * rgb[j + 2]!;
  return { width: image.width, height: image.height, ids };
}

/** Streams the annotations with their decoded PNGs from `pngDir`, one image in memory at a time. */
export async function* panopticImages(
  dataset: CocoPanoptic,
  pngDir: string,
): AsyncGenerator<{ annotation: PanopticAnnotation; map: PanopticIdMap }> {
  for (const annotation of dataset.annotations) {
    yield { annotation, map: await loadPanopticPng(join(pngDir, annotation.fileName)) };
  }
}

function parseCategories(value: unknown, field: string): PanopticCategory[] {
  const seen = new Set<number>();
  return asArray(value, field).map((item, i) => {
    const at = `${field}[${i}]`;
    const record = asRecord(item, at);
    const id = asInteger(record.id, `${at}.id`);
    if (seen.has(id)) throw new InvalidInputError(`${at}.id`, 'a category id used once', `${id} is repeated`);
    seen.add(id);
    const name = record.name === undefined ? String(id) : asString(record.name, `${at}.name`);
    return { id, name, isthing: asFlag(record.isthing, `${at}.isthing`) };
  });
}

function parseAnnotation(value: unknown, field: string): PanopticAnnotation {
  const record = asRecord(value, field);
  const imageId = asImageId(record.image_id, `${field}.image_id`);
  const fileName = asString(record.file_name, `${field}.file_name`);
  const seen = new Set<number>();
  const segments = asArray(record.segments_info, `${field}.segments_info`).map((item, i) => {
    const at = `${field}.segments_info[${i}]`;
    const segment = asRecord(item, at);
    // Id 0 is VOID in the PNG; a JSON segment with that id could never be told apart from it.
    const id = asInteger(segment.id, `${at}.id`, 1);
    if (seen.has(id)) throw new InvalidInputError(`${at}.id`, 'a segment id used once per image', `${id} is repeated`);
    seen.add(id);
    const parsed: PanopticSegment = {
      id,
      categoryId: asInteger(segment.category_id, `${at}.category_id`),
      iscrowd: segment.iscrowd === undefined ? false : asFlag(segment.iscrowd, `${at}.iscrowd`),
    };
    if (segment.area !== undefined) parsed.area = asInteger(segment.area, `${at}.area`, 0);
    return parsed;
  });
  return { imageId, fileName, segments };
}
