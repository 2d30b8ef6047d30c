/**
 * Annotation and result file formats — COCO instances, COCO results, LVIS and owseg's own result
 * file: schemas, parsers, readers, atomic writers, format detection, summaries and mask helpers.
 */
export type { CocoAnnotation, CocoCategory, CocoImage, CocoInstances, ParseOptions } from './coco.js';
export { crossCheckInstances, parseCocoInstances } from './coco.js';
export type { CocoResult } from './coco-results.js';
export { crossCheckCocoResults, parseCocoResults } from './coco-results.js';
export type { Lvis, LvisAnnotation, LvisCategory, LvisFrequency, LvisImage } from './lvis.js';
export { parseLvis } from './lvis.js';
export type { OwsegRegion, OwsegResult } from './owseg-result.js';
export {
  OWSEG_RESULT_FORMAT,
  OWSEG_RESULT_VERSION,
  parseOwsegResult,
  regionFromMask,
  stringifyOwsegResult,
} from './owseg-result.js';
export type { Polygons, Segmentation, SegmentationKind } from './segmentation.js';
export { segmentationKind } from './segmentation.js';
export { annotationMask, segmentationToRle } from './masks.js';
export {
  readCocoInstances,
  readCocoResults,
  readLvis,
  readOwsegResult,
  writeCocoInstances,
  writeCocoResults,
  writeLvis,
  writeOwsegResult,
} from './files.js';
export type { AnnotationFile, AnnotationFormat } from './detect.js';
export { detectFormat, parseAnnotationFile, readAnnotationFile } from './detect.js';
export type {
  CategoryCount,
  CocoResultsSummary,
  FileSummary,
  InstancesSummary,
  NumberStats,
  OwsegResultSummary,
  Range,
  SegmentationCounts,
} from './summary.js';
export { summarize, summarizeCocoResults, summarizeInstances, summarizeLvis, summarizeOwsegResult } from './summary.js';
export { readJsonFile, writeFileAtomic } from './json-file.js';
export { regionsForImage, type ImageSelector, type LabelledMask } from './image-regions.js';
