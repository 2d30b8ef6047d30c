/**
 * SAM's everything-mode (automatic mask generation) over a PromptPredictor, exact to the reference.
 * Hand-written: no maintained JS library implements SAM's everything-mode.
 */
export { generateEverything, type EverythingMask, type EverythingProgress, type GenerateHooks } from './generate.js';
export { EVERYTHING_DEFAULTS, type EverythingOptions } from './options.js';
export type { EncodedImage, PointPredictions, PromptPredictor } from './predictor.js';
export { buildPointGrid, buildLayerGrids } from './point-grid.js';
export { generateCropBoxes, type CropBox, type XyxyBox } from './crop-boxes.js';
export { samPredictor, type SamRunner } from './sam-predictor.js';
