/**
 * The labels as files: COCO instances (one image, one category per distinct name) and the owseg
 * result file. Pure, so Node tests check them with owseg's own readers.
 */
import type { CocoCategory, CocoInstances } from '../../../src/core/formats/coco.js';
import { OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION, type OwsegRegion, type OwsegResult } from '../../../src/core/formats/owseg-result.js';

export interface ExportImage {
  fileName: string;
  width: number;
  height: number;
}

/** Regions without a name go to category "object", as nothing better is known of them. */
const UNNAMED = 'object';

export function cocoInstances(image: ExportImage, regions: readonly OwsegRegion[]): CocoInstances {
  const categories: CocoCategory[] = [];
  const categoryOf = (name: string): number => {
    let category = categories.find((c) => c.name === name);
    if (!category) categories.push((category = { id: categories.length + 1, name }));
    return category.id;
  };
  return {
    info: { description: `owseg web app labels of ${image.fileName}` },
    images: [{ id: 1, file_name: image.fileName, width: image.width, height: image.height }],
    annotations: regions.map((r) => ({
      id: r.id,
      image_id: 1,
      category_id: categoryOf(r.name ?? UNNAMED),
      segmentation: r.segmentation,
      area: r.area,
      bbox: r.bbox,
      iscrowd: 0,
    })),
    categories,
  };
}

export function owsegResult(image: ExportImage, regions: readonly OwsegRegion[]): OwsegResult {
  return {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { path: image.fileName, width: image.width, height: image.height },
    task: 'web',
    regions: [...regions],
  };
}
