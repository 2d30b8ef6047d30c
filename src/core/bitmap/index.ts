/**
 * Bitmap helpers for binary masks, exported from the package root as the namespace `bitmap`:
 * cropping, nearest resizing, connected components, hole filling and small-region clean-up.
 */
export type { Connectivity, PixelBox } from './args.js';
export { crop } from './crop.js';
export { resizeNearest, type ResizeConvention, type ResizeOptions } from './resize.js';
export { connectedComponents, componentStats, type Components, type ComponentStat } from './components.js';
export { fillHoles, type FillHolesOptions } from './fill-holes.js';
export { removeSmallRegions, type SmallRegionMode, type SmallRegionResult } from './small-regions.js';
