/**
 * The SAM family (SAM, SlimSAM, SAM 2/2.1) from its three common ONNX layouts: loading, the
 * encode-once/decode-many runner, prompted segmentation, and tiny random packs for tests.
 */
export { loadSam, resolveSamSource, type LoadSamOptions, type SamSource } from './load.js';
export { SamModel, type SamDecodeResult, type SamEmbedding, type SamSessions } from './model.js';
export { bestMaskIndex, segmentPrompt, type SamPrompt, type SamSegmentation } from './segment.js';
export { type SamPrompts } from './prompts.js';
export { SAM_LAYOUTS, type SamLayout } from './layouts.js';
export { readSamManifest, writeSamManifest, SAM_FAMILY, type SamManifest, type SamPackConfig } from './pack.js';
export { officialSamPreprocess, parsePreprocessorConfig, type SamPreprocessConfig } from './preprocess-config.js';
export { preprocessImage, samGeometry, transformCoords, type SamGeometry, type Size } from './preprocess.js';
export { upscalePlane } from './postprocess.js';
export { UpscaleThresholder, type LogitThresholds } from './threshold-upscaled.js';
export { writeTinySamPack, TINY_OFFICIAL_DECODER, TINY_OFFICIAL_ENCODER, type TinySamPackOptions } from './tiny-packs.js';
