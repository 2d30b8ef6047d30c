/**
 * SAM's optional clean-up (`postprocess_small_regions`): fill small holes, drop small islands,
 * then NMS again preferring untouched masks. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import { removeSmallRegions } from '../../core/bitmap/index.js';
import { decode, encode } from '../../core/rle/index.js';
import { maskBox } from './mask-stats.js';
import { boxNms } from './nms.js';
import { pick, type MaskRecord } from './records.js';

/**
 * Each mask goes through holes then islands removal (8-connected, areas < `minArea`). NMS then
 * runs on the new boxes with score 1 for masks neither step changed and 0 for changed ones, so an
 * untouched mask wins over a cleaned duplicate; ties keep the current order. Kept changed masks take
 * their cleaned RLE and box; unchanged ones keep theirs (for an empty mask that is the uncropped
 * [x0, y0, x0, y0] box, not [0, 0, 0, 0], as in the reference).
 */
export function cleanSmallRegions(records: readonly MaskRecord[], minArea: number, nmsThresh: number): MaskRecord[] {
  const cleaned = records.map((record) => {
    const mask = decode(record.rle);
    const holes = removeSmallRegions(mask, minArea, 'holes');
    const islands = removeSmallRegions(holes.mask, minArea, 'islands');
    const result = islands.mask;
    const box = maskBox(result.data, result.width, result.height);
    if (!holes.changed && !islands.changed) return { record, box, score: 1 };
    return { record: { ...record, rle: encode(result), box }, box, score: 0 };
  });
  const keep = boxNms(
    cleaned.map((c) => c.box),
    cleaned.map((c) => c.score),
    nmsThresh,
  );
  return pick(cleaned, keep).map((c) => c.record);
}
