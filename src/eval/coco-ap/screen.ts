/**
 * Checks predictions against their ground truth before evaluation: an unknown image or category,
 * an RLE whose size is not its image's, or a repeated `id` is an error naming the record, or in
 * lenient mode a record to leave out and count. Works on unvalidated records, so it can run first.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { CocoInstances } from '../../core/formats/index.js';
import { fieldAt, type JsonPath } from '../../core/formats/path.js';
import type { SkipReason, SkippedCounts } from './types.js';

export interface Screened {
  /** For each record, why it is left out, or undefined when it is kept. */
  reasons: (SkipReason | undefined)[];
  skipped: SkippedCounts;
}

function noneSkipped(): SkippedCounts {
  return { unknownImage: 0, unknownCategory: 0, wrongSize: 0, duplicateId: 0 };
}

/**
 * Names a field of record i: `results.json: [17].image_id` for a file, `results[17].image_id` for
 * an in-memory list.
 */
export function recordField(source: string | undefined, i: number, ...tail: JsonPath): string {
  return source === undefined ? fieldAt(['results', i, ...tail]) : fieldAt([i, ...tail], source);
}

/** Screens `records`; throws on the first bad one unless `lenient`. Fields of the wrong type are left for the schema to report. */
export function screenResults(
  records: readonly unknown[],
  gt: Pick<CocoInstances, 'images' | 'categories'>,
  lenient: boolean,
  source?: string,
): Screened {
  const images = new Map(gt.images.map((image) => [image.id, image]));
  const categories = new Set(gt.categories.map((category) => category.id));
  const seenIds = new Map<number, number>();
  const skipped = noneSkipped();
  const reasons = records.map((record, i): SkipReason | undefined => {
    const problem = checkRecord(record, i, images, categories, seenIds, source);
    if (problem === undefined) return undefined;
    if (!lenient) throw problem.error;
    skipped[problem.reason]++;
    return problem.reason;
  });
  return { reasons, skipped };
}

type Problem = { reason: SkipReason; error: InvalidInputError };

function checkRecord(
  record: unknown,
  i: number,
  images: ReadonlyMap<number, { height: number; width: number }>,
  categories: ReadonlySet<number>,
  seenIds: Map<number, number>,
  source: string | undefined,
): Problem | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const { image_id: imageId, category_id: categoryId, segmentation, id } = record as Record<string, unknown>;
  const field = (...tail: JsonPath) => recordField(source, i, ...tail);
  if (typeof imageId === 'number' && !images.has(imageId)) {
    const error = new InvalidInputError(field('image_id'), 'an image id of the ground truth', `got ${imageId}`);
    return { reason: 'unknownImage', error };
  }
  if (typeof categoryId === 'number' && !categories.has(categoryId)) {
    const error = new InvalidInputError(field('category_id'), 'a category id of the ground truth', `got ${categoryId}`);
    return { reason: 'unknownCategory', error };
  }
  const image = typeof imageId === 'number' ? images.get(imageId) : undefined;
  const size = rleSize(segmentation);
  if (image && size && (size[0] !== image.height || size[1] !== image.width)) {
    const expected = `[${image.height}, ${image.width}], the height and width of image ${String(imageId)}`;
    const error = new InvalidInputError(field('segmentation', 'size'), expected, `got [${size.join(', ')}]`);
    return { reason: 'wrongSize', error };
  }
  if (typeof id === 'number') {
    const first = seenIds.get(id);
    if (first !== undefined) {
      const error = new InvalidInputError(field('id'), 'a unique id', `${id} is also the id of [${first}]`);
      return { reason: 'duplicateId', error };
    }
    seenIds.set(id, i);
  }
  return undefined;
}

function rleSize(segmentation: unknown): [unknown, unknown] | undefined {
  if (typeof segmentation !== 'object' || segmentation === null || Array.isArray(segmentation)) return undefined;
  const size = (segmentation as { size?: unknown }).size;
  return Array.isArray(size) && size.length === 2 ? [size[0], size[1]] : undefined;
}
