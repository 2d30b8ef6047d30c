/**
 * Segment Anyword (training-free grounding), the model-free half: a sentence's entities, and the
 * SAM point prompts their words' attention maps give (threshold, largest region, points).
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
