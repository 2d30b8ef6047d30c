/**
 * WOW-Seg's preprocessing, exported from the package root as the namespace `wowseg`: InternVL
 * dynamic tiling, ImageNet normalisation, and Mask2Token region crops and token selectors.
 */
export { tileGrid, type TileGrid, type TileGridOptions } from './tile-grid.js';
export { tileImage, type TiledImage, type TileImageOptions } from './tile-image.js';
export { normalizeTiles, type NormalizeOptions } from './normalize.js';
export type { CropBox } from './crop-box.js';
export { regionCrop, resizeMaskToImage, type RegionCrop, type RegionCropOptions } from './region-crop.js';
export { regionPixels, type RegionPixelsOptions } from './region-pixels.js';
export { prepareRegions, type PreparedRegion, type PreparedRegions, type PrepareOptions } from './prepare.js';
