/**
 * InternVL's dynamic tiling of the whole image (`dynamic_preprocess_with_target_size` in WOW-Seg's
 * internvl/train/dataset.py): resize to the grid, cut tiles in raster order, add a thumbnail.
 */
import { resizeImage } from '../../../core/image/resize.js';
import { assertRgbImage, type RgbImage } from '../../../core/image/rgb-image.js';
import { cropImage } from './crop-image.js';
import { checkTileGridOptions, tileGrid, type TileGrid, type TileGridOptions } from './tile-grid.js';

export interface TileImageOptions extends TileGridOptions {
  /** Append a tileSize × tileSize resize of the whole image when there is more than one tile. */
  thumbnail?: boolean;
}

export interface TiledImage {
  readonly grid: TileGrid;
  /** The whole image resized to (cols · tileSize) × (rows · tileSize); Mask2Token crops from it. */
  readonly resized: RgbImage;
  /** cols · rows tiles in raster order, then the thumbnail if any. */
  readonly tiles: RgbImage[];
}

/**
 * Tiles `image` as the reference does. `image.resize((w, h))` there has no filter argument, and
 * Pillow (≥ 7, including 9.4) defaults to BICUBIC for RGB images, so every resize here is Pillow
 * bicubic, bit-exact.
 */
export function tileImage(image: RgbImage, options: TileImageOptions = {}): TiledImage {
  assertRgbImage(image);
  const { tileSize } = checkTileGridOptions(options);
  const thumbnail = options.thumbnail ?? true;
  const grid = tileGrid(image.width, image.height, options);
  const resized = resizeImage(image, grid.cols * tileSize, grid.rows * tileSize, { filter: 'bicubic', convention: 'pil' });
  const tiles: RgbImage[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let col = 0; col < grid.cols; col++) {
      const x0 = col * tileSize;
      const y0 = row * tileSize;
      tiles.push(cropImage(resized, [x0, y0, x0 + tileSize, y0 + tileSize]));
    }
  }
  if (thumbnail && tiles.length !== 1) {
    tiles.push(resizeImage(image, tileSize, tileSize, { filter: 'bicubic', convention: 'pil' }));
  }
  return { grid, resized, tiles };
}
