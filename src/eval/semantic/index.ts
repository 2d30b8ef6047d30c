/**
 * Semantic-segmentation mIoU from a dataset-level confusion count (ignore label excluded), in the
 * "detectron2" (default) and "mmseg" variants, on label maps in memory or PNG folders.
 */
export { SemanticCounts, type LabelMap, type SemanticCountOptions } from './confusion.js';
export { meanIou, type MiouResult, type MiouVariant } from './miou.js';
export { decodeLabelPng, readLabelPng } from './png-labels.js';
export {
  evaluateSemantic,
  evaluateSemanticFiles,
  type SemanticFilesOptions,
  type SemanticFilesResult,
  type SemanticOptions,
  type SemanticPair,
} from './evaluate.js';
