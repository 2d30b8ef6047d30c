/**
 * COCO run-length encodings as they appear in annotation files: the compressed string form
 * pycocotools writes and the uncompressed list-of-runs form (`iscrowd` annotations use it).
 */

/** Compressed COCO RLE: `size` is [height, width]; `counts` is the LEB128-like string pycocotools writes. */
export interface Rle {
  size: [number, number];
  counts: string;
}

/** Uncompressed COCO RLE: column-major run lengths, starting with a (possibly zero) run of zeros. */
export interface UncompressedRle {
  size: [number, number];
  counts: number[];
}

/** Axis-aligned box in COCO's convention: [x, y, width, height] in pixels. */
export type XywhBox = [number, number, number, number];
