/**
 * Everything WOW-Seg's vision side needs for one image and its masks: normalised tiles of the
 * whole image and, per mask, the normalised region crop and its token selector.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { assertRgbImage, type RgbImage } from '../../../core/image/rgb-image.js';
import { assertMask, type Mask } from '../../../core/mask.js';
import type { CropBox } from './crop-box.js';
import { normalizeTiles } from './normalize.js';
import { regionCrop, resizeMaskToImage, type RegionCropOptions } from './region-crop.js';
import { regionPixels } from './region-pixels.js';
import { checkTileGridOptions } from './tile-grid.js';
import { tileImage, type TileImageOptions } from './tile-image.js';

export type PrepareOptions = TileImageOptions & RegionCropOptions;

export interface PreparedRegion {
  /** Normalised crop, float32 [3, S, S]. */
  readonly pixels: Float32Array;
  /** grid × grid row-major, 1 for each kept token. */
  readonly selector: Uint8Array;
  /** End-exclusive crop box in the tiled image. */
  readonly box: CropBox;
  /** Number of 1 cells in `selector` (≥ 1). */
  readonly tokenCount: number;
}

export interface PreparedRegions {
  /** Normalised tiles, float32 [tileCount, 3, S, S]: grid tiles in raster order, then the thumbnail. */
  readonly tiles: Float32Array;
  readonly tileCount: number;
  readonly regions: PreparedRegion[];
}

/**
 * Tiles `image` and prepares each mask as the reference's evaluation does: the mask (of the
 * image's size) is resized to the tiled image by nearest sampling, cropped around its box, and the
 * same crop of the tiled image is resized and normalised. A mask of another size, or one that is
 * empty after resizing (the reference silently skips it), throws an InvalidInputError naming it.
 */
export function prepareRegions(image: RgbImage, masks: readonly Mask[], options: PrepareOptions = {}): PreparedRegions {
  assertRgbImage(image);
  if (!Array.isArray(masks)) throw new InvalidInputError('masks', 'an array of masks');
  const { tileSize } = checkTileGridOptions(options);
  masks.forEach((mask, i) => {
    assertMask(mask, `masks[${i}]`);
    if (mask.width !== image.width || mask.height !== image.height) {
      throw new InvalidInputError(`masks[${i}]`, `the image's size ${image.width} × ${image.height}`, `got ${mask.width} × ${mask.height}`);
    }
  });
  const { resized, tiles } = tileImage(image, options);
  const regions = masks.map((mask, i) => {
    const { box, selector } = cropOrExplain(resizeMaskToImage(mask, resized.width, resized.height), options, i);
    const pixels = normalizeTiles([regionPixels(resized, box, { tileSize })], { tileSize });
    const tokenCount = selector.reduce((sum, v) => sum + v, 0);
    return { pixels, selector, box, tokenCount };
  });
  return { tiles: normalizeTiles(tiles, { tileSize }), tileCount: tiles.length, regions };
}

/** regionCrop, with an empty resized mask reported against the caller's mask index. */
function cropOrExplain(mask: Mask, options: RegionCropOptions, index: number): ReturnType<typeof regionCrop> {
  if (!mask.data.includes(1)) {
    throw new InvalidInputError(`masks[${index}]`, 'at least one nonzero pixel after resizing to the tiled image');
  }
  return regionCrop(mask, options);
}
