/**
 * A dense result's segments as owseg result regions (one per segment, never overlapping), shared
 * by `owseg dense` and batch runs.
 */
import { regionFromMask, type OwsegRegion } from '../../core/formats/owseg-result.js';
import type { RgbImage } from '../../core/image/rgb-image.js';
import type { DenseResult } from './dense.js';

export function denseOwsegRegions(image: RgbImage, result: DenseResult): OwsegRegion[] {
  return result.regions.map((r) =>
    regionFromMask(r.id, { width: image.width, height: image.height, data: Uint8Array.from(result.map.ids, (id) => (id === r.id ? 1 : 0)) }, {
      name: r.name,
      score: Math.min(1, Math.max(0, r.score)),
      extra: { isthing: r.isthing, freeName: r.freeName, source: r.source, ...(r.categoryId === undefined ? {} : { categoryId: r.categoryId }) },
    }),
  );
}
