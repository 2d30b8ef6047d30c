/**
 * COCO run-length encoding (the `rle` namespace): encode, decode, area, boxes, merge, IoU and polygon rasterisation.
 * Written by hand because no maintained JS library is byte-exact with pycocotools; every string, box and IoU here matches it.
 */
export type { Rle, UncompressedRle, XywhBox } from './types.js';
export { encode, decode, area, compress, decompress } from './codec.js';
export { toBbox, fromBbox } from './bbox.js';
export { merge } from './merge.js';
export { iou } from './iou.js';
export { fromPolygons } from './polygon.js';
