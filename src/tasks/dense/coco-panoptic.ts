/**
 * Writing dense maps as COCO panoptic (JSON + one RGB PNG per image), the format panopticapi and
 * owseg's own reader take, with every free name turned into a category.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { checkOptions } from '../../core/bitmap/args.js';
import { InvalidInputError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/formats/json-file.js';
import { encodePng } from '../../core/image/save.js';
import { MAX_SEGMENT_ID, type XywhBox } from './dense-map.js';
import { checkPanopticImages, pngNameOf, type PanopticImageInput } from './panoptic-images.js';
import { withBothKinds, type Placeholder } from './scoreable.js';

export interface CocoPanopticJson {
  images: { id: number | string; width: number; height: number; file_name: string }[];
  annotations: {
    image_id: number | string;
    file_name: string;
    segments_info: { id: number; category_id: number; area: number; bbox: XywhBox; iscrowd: 0 }[];
  }[];
  categories: { id: number; name: string; isthing: 0 | 1 }[];
}

/** RGB bytes of a panoptic PNG: id = R + 256·G + 256²·B (panopticapi's id2rgb), 0 = void. */
export function encodePanopticIds(ids: Int32Array | Uint32Array, width: number, height: number): Uint8Array {
  for (const [key, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(key, 'a positive integer', `got ${String(value)}`);
  }
  if (!(ids instanceof Int32Array || ids instanceof Uint32Array) || ids.length !== width * height) {
    throw new InvalidInputError('ids', `an Int32Array or Uint32Array of length ${width * height} (width × height)`);
  }
  const rgb = new Uint8Array(ids.length * 3);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id > MAX_SEGMENT_ID) {
      throw new InvalidInputError('ids', `ids in 0…${MAX_SEGMENT_ID}`, `got ${id} at x=${i % width}, y=${Math.floor(i / width)}`);
    }
    rgb[3 * i] = id & 255;
    rgb[3 * i + 1] = (id >> 8) & 255;
    rgb[3 * i + 2] = id >> 16;
  }
  return rgb;
}

/**
 * The COCO panoptic JSON of a set, as given (see {@link withBothKinds} for a set panopticapi can
 * always score). A segment with a `categoryId` (a closed vocabulary's) is written under it; every
 * other distinct (name, isthing) becomes a category numbered after the largest such id (from 1
 * without any), in order of first appearance — images in order, segments in their order — so
 * appending images never renumbers earlier categories. Areas and boxes are measured from the pixels; nothing is crowd.
 */
export function panopticJson(images: readonly PanopticImageInput[]): CocoPanopticJson {
  const stats = checkPanopticImages(images, 'images');
  const categories: CocoPanopticJson['categories'] = [];
  const pinned = new Map<number, { name: string; isthing: boolean }>();
  images.forEach(({ map }, i) =>
    map.segments.forEach((segment, k) => {
      if (segment.categoryId === undefined) return;
      const at = `images[${i}].map.segments[${k}].categoryId`;
      if (!Number.isInteger(segment.categoryId) || segment.categoryId < 1) throw new InvalidInputError(at, 'a category id ≥ 1', `got ${String(segment.categoryId)}`);
      const seen = pinned.get(segment.categoryId);
      if (seen && (seen.name !== segment.name || seen.isthing !== segment.isthing)) {
        throw new InvalidInputError(at, `one name and kind per category id (${segment.categoryId} is "${seen.name}")`, `got "${segment.name}"`);
      }
      pinned.set(segment.categoryId, { name: segment.name, isthing: segment.isthing });
    }),
  );
  for (const [id, { name, isthing }] of [...pinned].sort(([a], [b]) => a - b)) categories.push({ id, name, isthing: isthing ? 1 : 0 });
  // Free names are numbered after the largest pinned id, so the two never collide.
  let nextFree = Math.max(0, ...pinned.keys()) + 1;
  const categoryIds = new Map<string, number>();
  const categoryOf = (name: string, isthing: boolean, pinnedId?: number) => {
    if (pinnedId !== undefined) return pinnedId;
    const key = JSON.stringify([name, isthing]);
    let id = categoryIds.get(key);
    if (id === undefined) {
      id = nextFree++;
      categoryIds.set(key, id);
      categories.push({ id, name, isthing: isthing ? 1 : 0 });
    }
    return id;
  };
  const annotations = images.map(({ id, fileName, map }, i) => ({
    image_id: id,
    file_name: pngNameOf(fileName),
    segments_info: map.segments.map((segment) => {
      const { area, bbox } = stats[i]!.get(segment.id)!;
      return { id: segment.id, category_id: categoryOf(segment.name, segment.isthing, segment.categoryId), area, bbox, iscrowd: 0 as const };
    }),
  }));
  return {
    images: images.map(({ id, fileName, map }) => ({ id, width: map.width, height: map.height, file_name: fileName })),
    annotations,
    categories,
  };
}

export interface WriteCocoPanopticOptions {
  /** Folder of the PNGs; default the JSON path without `.json`, where panopticapi looks by default. */
  pngDir?: string;
}

/**
 * Writes `jsonPath` and one PNG per image, each file atomically, after {@link withBothKinds} so
 * that panopticapi can score the set as ground truth and as a prediction against itself. The JSON
 * is written last, so a reader that finds it finds every PNG. Returns what was written.
 */
export async function writeCocoPanoptic(
  jsonPath: string,
  images: readonly PanopticImageInput[],
  options: WriteCocoPanopticOptions = {},
): Promise<{ json: CocoPanopticJson; pngDir: string; placeholders: Placeholder[] }> {
  if (typeof jsonPath !== 'string' || !/\.json$/i.test(jsonPath)) {
    throw new InvalidInputError('jsonPath', 'a path ending in .json', `got ${String(jsonPath)}`);
  }
  checkOptions(options, 'options');
  const pngDir = options.pngDir ?? jsonPath.replace(/\.json$/i, '');
  if (typeof pngDir !== 'string' || pngDir === '') throw new InvalidInputError('options.pngDir', 'a folder path', `got ${String(pngDir)}`);
  const scoreable = withBothKinds(images);
  const json = panopticJson(scoreable.images);
  await mkdir(pngDir, { recursive: true });
  await mkdir(dirname(jsonPath), { recursive: true });
  for (const { fileName, map } of scoreable.images) {
    const png = await encodePng({ width: map.width, height: map.height, data: encodePanopticIds(map.ids, map.width, map.height) });
    await writeFileAtomic(join(pngDir, pngNameOf(fileName)), png);
  }
  await writeFileAtomic(jsonPath, `${JSON.stringify(json)}\n`);
  return { json, pngDir, placeholders: scoreable.placeholders };
}
