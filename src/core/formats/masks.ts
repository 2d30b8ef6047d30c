/**
 * Turns a file's segmentation into the RLE and Mask types the rest of owseg computes with,
 * following pycocotools' annToRLE (polygons rasterised and merged, uncompressed runs compressed).
 */
import type { Mask } from '../mask.js';
import { compress, decode, fromPolygons } from '../rle/index.js';
import type { Rle } from '../rle/types.js';
import { checkSegmentation, type Segmentation } from './segmentation.js';

/**
 * The compressed RLE of `segmentation` on a height × width image. Throws an InvalidInputError
 * naming `field` when the segmentation is malformed or an RLE's size is not height × width.
 */
export function segmentationToRle(segmentation: Segmentation, height: number, width: number, field = 'segmentation'): Rle {
  checkSegmentation(segmentation, field, { size: [height, width], name: 'the image height and width' });
  if (Array.isArray(segmentation)) return fromPolygons(segmentation, height, width, field);
  if (typeof segmentation.counts === 'string') return { size: [height, width], counts: segmentation.counts };
  return compress({ size: [height, width], counts: segmentation.counts }, field);
}

/** The bitmap of an annotation (COCO, LVIS or a COCO result) on its image. */
export function annotationMask(
  annotation: { segmentation: Segmentation },
  image: { height: number; width: number },
  field = 'segmentation',
): Mask {
  return decode(segmentationToRle(annotation.segmentation, image.height, image.width, field), field);
}
