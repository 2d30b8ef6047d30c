/**
 * Keeps a written panoptic set scoreable by unmodified panopticapi, whose pq_average divides by the
 * number of thing (and of stuff) categories with TP + FP + FN > 0 and so fails on a one-kind set.
 */
import { InvalidInputError } from '../../core/errors.js';
import { MAX_SEGMENT_ID, type SegmentStat } from './dense-map.js';
import { checkPanopticImages, type PanopticImageInput } from './panoptic-images.js';

/** Category names of the placeholders; a placeholder's kind is absent from its set, so no real category shares its name and kind. */
export const PLACEHOLDER_NAMES = { thing: 'placeholder thing', stuff: 'placeholder stuff' } as const;

export interface Placeholder {
  imageId: number | string;
  segmentId: number;
  isthing: boolean;
  x: number;
  y: number;
  /** The segment id the pixel was taken from, 0 when it was void. */
  takenFrom: number;
}

/**
 * Every non-crowd ground-truth segment ends as a TP or an FN, so a set with at least one thing and
 * one stuff segment gives panopticapi n ≥ 1 in both groups when it is the ground truth — against
 * itself or any prediction in its categories. For each kind the set lacks (things first), this adds
 * a one-pixel placeholder segment of that kind, named {@link PLACEHOLDER_NAMES}:
 * - on the first void pixel (raster order) of the first image that has one;
 * - else on the last pixel (raster order, so on its boundary) of the largest segment — equal
 *   areas: lower id — of the first image with a segment of two or more pixels, which keeps every
 *   real segment alive.
 * Its id is the image's largest id + 1. A set with no such pixel is refused. Images left alone are
 * returned as given; changed ones get new `ids` and `segments` arrays.
 */
export function withBothKinds(images: readonly PanopticImageInput[]): { images: PanopticImageInput[]; placeholders: Placeholder[] } {
  const stats = checkPanopticImages(images, 'images');
  const result = [...images];
  const placeholders: Placeholder[] = [];
  for (const isthing of [true, false]) {
    if (result.some((image) => image.map.segments.some((segment) => segment.isthing === isthing))) continue;
    const spot = findVoid(result) ?? findSpareSegmentPixel(result, stats);
    if (!spot) {
      throw new InvalidInputError(
        'images',
        `room for a one-pixel ${isthing ? 'thing' : 'stuff'} placeholder, so panopticapi can score the set`,
        'no image has a void pixel or a segment of two or more pixels',
      );
    }
    const { map } = result[spot.image]!;
    const segmentId = map.segments.reduce((max, segment) => Math.max(max, segment.id), 0) + 1;
    if (segmentId > MAX_SEGMENT_ID) throw new InvalidInputError(`images[${spot.image}].map.segments`, `ids below ${MAX_SEGMENT_ID}, to add a placeholder`);
    const ids = map.ids.slice();
    const takenFrom = ids[spot.pixel]!;
    ids[spot.pixel] = segmentId;
    const name = isthing ? PLACEHOLDER_NAMES.thing : PLACEHOLDER_NAMES.stuff;
    result[spot.image] = { ...result[spot.image]!, map: { ...map, ids, segments: [...map.segments, { id: segmentId, name, isthing }] } };
    // A later placeholder must not take the last pixel of this segment.
    if (takenFrom !== 0) stats[spot.image]!.get(takenFrom)!.area--;
    const x = spot.pixel % map.width;
    placeholders.push({ imageId: result[spot.image]!.id, segmentId, isthing, x, y: (spot.pixel - x) / map.width, takenFrom });
  }
  return { images: result, placeholders };
}

function findVoid(images: readonly PanopticImageInput[]): { image: number; pixel: number } | undefined {
  for (const [image, { map }] of images.entries()) {
    const pixel = map.ids.indexOf(0);
    if (pixel >= 0) return { image, pixel };
  }
  return undefined;
}

function findSpareSegmentPixel(images: readonly PanopticImageInput[], stats: readonly Map<number, SegmentStat>[]): { image: number; pixel: number } | undefined {
  for (const [image, { map }] of images.entries()) {
    let largest = { id: 0, area: 1 };
    for (const [id, { area }] of stats[image]!) {
      if (area > largest.area || (area === largest.area && id < largest.id)) largest = { id, area };
    }
    if (largest.id !== 0) return { image, pixel: map.ids.lastIndexOf(largest.id) };
  }
  return undefined;
}
