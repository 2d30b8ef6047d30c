/**
 * Word-free naming of owseg result regions, shared by `owseg name`, `owseg segment --name` and
 * batch runs: each region's RLE is decoded, named, and the name and its log-probability set.
 */
import type { OwsegRegion } from '../../core/formats/owseg-result.js';
import type { RgbImage } from '../../core/image/rgb-image.js';
import { decode } from '../../core/rle/index.js';
import { nameRegions, type NameRegionsOptions } from './name-regions.js';

/** The regions with `name` (left out when empty) and `logProb` set, and the name's token count in `extra`. */
export async function nameOwsegRegions(image: RgbImage, regions: readonly OwsegRegion[], options: NameRegionsOptions): Promise<OwsegRegion[]> {
  const named = await nameRegions(
    image,
    regions.map((region, i) => decode(region.segmentation, `regions[${i}].segmentation`)),
    options,
  );
  return regions.map((region, i) => {
    const { name, logProb, tokens } = named[i]!;
    return {
      ...region,
      ...(name === '' ? {} : { name }),
      ...(Number.isFinite(logProb) ? { logProb: Math.min(0, logProb) } : {}),
      extra: { ...region.extra, nameTokens: tokens.length },
    };
  });
}
