/**
 * COCOeval's _prepare and COCO.loadRes for segm: ground truths and detections as compressed RLEs,
 * grouped into evaluation units (image × category, or image when categories are pooled) in the
 * order pycocotools lists them, since that order decides ties in matching and in score sorting.
 */
import { InvalidInputError } from '../../core/errors.js';
import { segmentationToRle, type CocoInstances, type CocoResult, type Segmentation } from '../../core/formats/index.js';
import { indexIds } from '../../core/formats/ids.js';
import { fieldAt } from '../../core/formats/path.js';
import { area, type Rle } from '../../core/rle/index.js';
import { recordField } from './screen.js';

export interface GroundTruth {
  rle: Rle;
  /** The annotation's `area` field, which COCOeval compares with the area ranges (not the mask's pixel count). */
  area: number;
  crowd: boolean;
  /** COCOeval records matches by annotation id, so a match to id 0 later reads as no match; kept to reproduce that. */
  id: number;
  category: number;
}

export interface Detection {
  rle: Rle;
  area: number;
  score: number;
  category: number;
}

export interface Unit {
  /** Index on the K axis: the category's position among sorted category ids, or 0 when pooled. */
  group: number;
  gts: GroundTruth[];
  /** In pycocotools' order before score sorting: file order (pooled: by category, then file order). */
  dts: Detection[];
}

export interface Prepared {
  imageIds: number[];
  categoryIds: number[];
  /** Sorted by group, then image id: the order accumulate() concatenates them in. */
  units: Unit[];
  groundTruths: number;
  detections: number;
}

/** `skip[i]` true leaves results[i] out; indices in error messages stay those of `results`. */
export function prepare(
  gt: CocoInstances,
  results: readonly CocoResult[],
  skip: readonly boolean[],
  useCats: boolean,
  source?: string,
): Prepared {
  indexIds(gt.images, 'images');
  indexIds(gt.categories, 'categories');
  const imageIds = gt.images.map((image) => image.id).sort((a, b) => a - b);
  const categoryIds = gt.categories.map((category) => category.id).sort((a, b) => a - b);
  const imageIndex = new Map(imageIds.map((id, i) => [id, i]));
  const categoryIndex = new Map(categoryIds.map((id, k) => [id, k]));
  const images = new Map(gt.images.map((image) => [image.id, image]));
  const units = new Map<number, Unit>();
  const unitOf = (imageId: number, category: number): Unit => {
    const group = useCats ? category : 0;
    const key = group * imageIds.length + imageIndex.get(imageId)!;
    let unit = units.get(key);
    if (!unit) {
      unit = { group, gts: [], dts: [] };
      units.set(key, unit);
    }
    return unit;
  };

  gt.annotations.forEach((annotation, i) => {
    const field = (key: string) => fieldAt(['annotations', i, key]);
    const image = images.get(annotation.image_id);
    if (!image) throw new InvalidInputError(field('image_id'), 'the id of an image', `got ${annotation.image_id}`);
    const category = categoryIndex.get(annotation.category_id);
    if (category === undefined) throw new InvalidInputError(field('category_id'), 'the id of a category', `got ${annotation.category_id}`);
    const rle = segmentationToRle(annotation.segmentation, image.height, image.width, field('segmentation'));
    unitOf(annotation.image_id, category).gts.push({
      rle,
      area: annotation.area,
      crowd: annotation.iscrowd === 1,
      id: annotation.id,
      category,
    });
  });

  const areaOf = detectionArea(results.find((_, i) => !skip[i]));
  let detections = 0;
  results.forEach((result, i) => {
    if (skip[i]) return;
    detections++;
    const image = images.get(result.image_id);
    const category = categoryIndex.get(result.category_id);
    // screenResults has already rejected or removed these; this guards direct callers of prepare.
    if (!image || category === undefined) throw new InvalidInputError(recordField(source, i), 'a prediction for a known image and category');
    if (typeof result.score !== 'number' || !Number.isFinite(result.score)) {
      throw new InvalidInputError(recordField(source, i, 'score'), 'a finite number', `got ${String(result.score)}`);
    }
    const { rle, pixels } = detectionRle(result.segmentation, image, recordField(source, i, 'segmentation'));
    unitOf(result.image_id, category).dts.push({ rle, area: areaOf(result, pixels), score: result.score, category });
  });

  const ordered = [...units.entries()].sort((a, b) => a[0] - b[0]).map(([, unit]) => unit);
  if (!useCats) {
    // Pooled, COCOeval lists an image's annotations category by category (Array.sort is stable).
    for (const unit of ordered) {
      unit.gts.sort((a, b) => a.category - b.category);
      unit.dts.sort((a, b) => a.category - b.category);
    }
  }
  return { imageIds, categoryIds, units: ordered, groundTruths: gt.annotations.length, detections };
}

/**
 * loadRes takes the detection's area from its mask, except when the first (kept) result has a `bbox`:
 * then every area is the box's width × height (detectron2 drops `bbox` before mask AP for this
 * reason). A later result without a box, where pycocotools would fail, falls back to its mask area.
 */
function detectionArea(first: CocoResult | undefined): (result: CocoResult, pixels: number) => number {
  const boxes = Array.isArray(first?.bbox) && first.bbox.length > 0;
  return (result, pixels) => (boxes && result.bbox ? result.bbox[2] * result.bbox[3] : pixels);
}

/**
 * A detection's compressed RLE and pixel count. Compressed RLE, the usual case, is read once:
 * screenResults has compared its size with the image's, and counting its pixels checks its runs.
 */
function detectionRle(segmentation: Segmentation, image: { height: number; width: number }, field: string): { rle: Rle; pixels: number } {
  if (!Array.isArray(segmentation) && typeof segmentation.counts === 'string') {
    return { rle: { size: [image.height, image.width], counts: segmentation.counts }, pixels: area(segmentation, field) };
  }
  const rle = segmentationToRle(segmentation, image.height, image.width, field);
  return { rle, pixels: area(rle) };
}
