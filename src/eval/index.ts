/**
 * The evaluation layer: benchmark metrics exact to their reference implementations, the
 * open-vocabulary mapping that lets word-free names be scored, and the dataset readers.
 */
export * from './coco-ap/index.js';
export * from './panoptic/index.js';
export * from './semantic/index.js';
export * from './referring/index.js';
export * from './region-recognition/index.js';
export * from './open-vocab/index.js';
export * from './readers/index.js';
export { cosineSimilarity, type TextEmbedder } from './text-embedding.js';
