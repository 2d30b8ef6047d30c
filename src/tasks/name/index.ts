/**
 * WOW-Seg (word-free open-world segmentation) naming, exported from the package root as the
 * namespace `wowseg`: preprocessing, the cascade attention mask, and parallel or sequential naming.
 */
export * from './preprocess/index.js';
export { cascadeAttentionMask, ownerPerToken, type Segment } from './cascade-mask.js';
export { defaultInstruction, instructionField, separatorChar, namingPrompt, packInstruction, regionBlock, type NamingPrompt } from './prompt.js';
export { encodeForNaming, keptTokens, type EncodedImage, type RegionInput } from './encode.js';
export { namePrepared, namingDefaults, type NamingOptions, type PreparedInput } from './naming.js';
export { nameRegions, type NameRegionsOptions } from './name-regions.js';
export type { NamedRegion } from './answers.js';
