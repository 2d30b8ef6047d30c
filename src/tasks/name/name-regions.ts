/**
 * nameRegions: an image and its masks to a free-form name per mask with a WOW-Seg InternVL pack
 * (preprocessing, then the hand-written cascade naming).
 */
import { assertRgbImage, type RgbImage } from '../../core/image/rgb-image.js';
import { InvalidInputError } from '../../core/errors.js';
import type { Mask } from '../../core/mask.js';
import type { InternVLModel } from '../../models/internvl/index.js';
import { withInternVL } from '../loaded-models.js';
import type { NamedRegion } from './answers.js';
import { namePrepared, type NamingOptions } from './naming.js';
import { prepareRegions } from './preprocess/index.js';

export interface NameRegionsOptions extends NamingOptions {
  /** A loaded model, or a pack folder (loaded for this call and released after). */
  model: InternVLModel | string;
  /** Most whole-image tiles; default 12, as the reference's evaluation. */
  maxTiles?: number;
  /** Crop side over the mask box's longer side; default 2, as the reference's evaluation. */
  contextScale?: number;
}

export async function nameRegions(image: RgbImage, masks: readonly Mask[], options: NameRegionsOptions): Promise<NamedRegion[]> {
  assertRgbImage(image);
  if (!Array.isArray(masks)) throw new InvalidInputError('masks', 'an array of masks');
  if (masks.length === 0) return [];
  masks.forEach((mask, i) => {
    if (mask?.data instanceof Uint8Array && !mask.data.includes(1)) throw new InvalidInputError(`masks[${i}]`, 'a mask with at least one pixel set', 'it is empty');
  });
  return withInternVL(options.model, async (model) => {
    const { tileSize, tokensPerTile, useThumbnail } = model.config;
    const prepared = prepareRegions(image, masks, {
      maxTiles: options.maxTiles ?? 12,
      contextScale: options.contextScale ?? 2,
      tileSize,
      grid: Math.round(Math.sqrt(tokensPerTile)),
      thumbnail: useThumbnail,
    });
    return namePrepared(model, prepared, options);
  });
}
