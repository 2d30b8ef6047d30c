/**
 * Picks the regions of one image out of any supported annotation or result file, as labelled
 * masks: what `owseg draw` overlays and what a program comparing files per image needs.
 */
import { basename } from 'node:path';
import { InvalidInputError } from '../errors.js';
import type { Mask } from '../mask.js';
import { decode } from '../rle/index.js';
import type { CocoImage } from './coco.js';
import type { AnnotationFile } from './detect.js';
import { annotationMask } from './masks.js';

export interface LabelledMask {
  mask: Mask;
  /** The region's name (owseg), its category's name (COCO, LVIS) or category id (COCO results), with the score when there is one. */
  label: string;
  score?: number;
}

export interface ImageSelector {
  /** The picture the regions belong to: its size must match the file's record of it. */
  width: number;
  height: number;
  /** Its file name, used to find its record in COCO/LVIS files when `imageId` is not given. */
  fileName?: string;
  /** The image id in COCO/LVIS/COCO-results files. */
  imageId?: number;
  /** Drop regions scored below this (regions without a score are kept). */
  minScore?: number;
}

/**
 * The labelled masks of the selected image, in file order. Throws an InvalidInputError naming the
 * field when the image cannot be identified or the file's size for it differs from the picture's.
 */
export function regionsForImage(file: AnnotationFile, image: ImageSelector, source = 'annotations'): LabelledMask[] {
  const keep = (score: number | undefined) => score === undefined || image.minScore === undefined || score >= image.minScore;
  const withScore = (label: string, score: number | undefined) => (score === undefined ? label : `${label} ${score.toFixed(2)}`);

  if (file.format === 'owseg-result') {
    const { width, height } = file.data.image;
    checkSize(`${source}: image`, { width, height }, image);
    return file.data.regions
      .filter((r) => keep(r.score))
      .map((r, i) => ({
        mask: decode(r.segmentation, `${source}: regions[${i}].segmentation`),
        label: withScore(r.name ?? `#${r.id}`, r.score),
        ...(r.score === undefined ? {} : { score: r.score }),
      }));
  }

  if (file.format === 'coco-results') {
    const imageId = image.imageId ?? onlyImageId(file.data.map((r) => r.image_id), source);
    return file.data
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.image_id === imageId && keep(r.score))
      .map(({ r, i }) => ({
        mask: annotationMask(r, image, `${source}: [${i}].segmentation`),
        label: withScore(`category ${r.category_id}`, r.score),
        score: r.score,
      }));
  }

  const { images, annotations, categories } = file.data;
  const index = findImage(images, image, source);
  const record = images[index]!;
  checkSize(`${source}: images[${index}]`, record, image);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  return annotations
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.image_id === record.id)
    .map(({ a, i }) => ({
      mask: annotationMask(a, record, `${source}: annotations[${i}].segmentation`),
      label: names.get(a.category_id) ?? `category ${a.category_id}`,
    }));
}

function findImage(images: CocoImage[], image: ImageSelector, source: string): number {
  if (image.imageId !== undefined) {
    const index = images.findIndex((record) => record.id === image.imageId);
    if (index < 0) throw new InvalidInputError(`${source}: images`, `an image with id ${image.imageId}`, 'none found');
    return index;
  }
  if (images.length === 1) return 0;
  const name = image.fileName === undefined ? undefined : basename(image.fileName);
  const matches = images.flatMap((record, index) => (name !== undefined && record.file_name !== undefined && basename(record.file_name) === name ? [index] : []));
  if (matches.length === 1) return matches[0]!;
  throw new InvalidInputError(
    `${source}: images`,
    name === undefined ? 'an image id to choose one of several images' : `one image whose file_name is ${name}`,
    `${matches.length} of ${images.length} images match; pass the image id`,
  );
}

function onlyImageId(ids: number[], source: string): number {
  const distinct = [...new Set(ids)];
  if (distinct.length === 1) return distinct[0]!;
  throw new InvalidInputError(source, 'an image id to choose one image', `the results cover ${distinct.length} images`);
}

function checkSize(field: string, recorded: { width: number; height: number }, image: ImageSelector): void {
  if (recorded.width !== image.width || recorded.height !== image.height) {
    throw new InvalidInputError(
      field,
      `width ${image.width} and height ${image.height} (the picture's size)`,
      `the file says ${recorded.width}×${recorded.height}`,
    );
  }
}
