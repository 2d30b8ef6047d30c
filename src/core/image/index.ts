/**
 * The image layer's public surface: the RgbImage type, loading and saving, and resizing that
 * reproduces Pillow or PyTorch exactly.
 */
export { assertRgbImage, type RgbImage } from './rgb-image.js';
export { loadImage, TooManyPixelsError, UnreadableImageError, type LoadImageOptions } from './load.js';
export { encodePng, saveImage } from './save.js';
export { resizeImage, resizePlanes, type CropAfterResize, type ResizeConvention, type ResizeFilter, type ResizeOptions } from './resize.js';
export { linearSum as torchLinearSum, linearTaps as torchLinearTaps, type Taps as InterpolationTaps } from './torch-interpolate.js';
