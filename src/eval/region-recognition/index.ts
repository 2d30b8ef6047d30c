/**
 * Region recognition metrics (Semantic Similarity, Semantic IoU) with Osprey's and WOW-Seg's label
 * clean-ups.
 */
export { CLEANUP_VARIANTS, cleanPair, ospreyGroundTruth, ospreyPrediction, wowsegGroundTruth, wowsegPrediction, type CleanupVariant, type LabelPair } from './cleanup.js';
export { evaluateRegionRecognition, type RegionRecognitionOptions, type RegionRecognitionResult, type RegionScore } from './evaluate.js';
export { evaluateRegionRecognitionFiles, type RegionRecognitionStats } from './files.js';
export { semanticIoU } from './semantic-iou.js';
