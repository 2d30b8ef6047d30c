/**
 * Segment Anyword (training-free grounding): a sentence's entities, its words' attention maps in
 * InternVL, the SAM point prompts those maps give, and one SAM mask per entity.
 */
export { parseEntities } from './structure/parse-entities.js';
export type { Entity, SentenceStructure, Word } from './structure/types.js';
export type { AttentionMap } from './prompts/attention-map.js';
export type { Point } from './prompts/points.js';
export { thresholdMap } from './prompts/threshold.js';
export { largestRegion } from './prompts/largest-region.js';
export { samplePositivePoints, type PositiveRule } from './prompts/positive-points.js';
export { backgroundNegatives } from './prompts/background.js';
export { entityPrompts, type EntityPrompt, type EntityPromptOptions } from './prompts/entity-prompts.js';
export { ground, type GroundOptions, type GroundResult, type GroundedEntity } from './ground.js';
export { wordAttentionMaps, defaultLayers, type WordMapOptions, type WordMaps } from './attention/word-maps.js';
export { groundingPrompt, groundingInstruction, type GroundingPrompt } from './attention/grounding-prompt.js';
export { stitchTileMaps } from './attention/stitch.js';
export { tokenWords } from './attention/token-words.js';
