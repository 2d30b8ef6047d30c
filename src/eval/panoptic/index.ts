/**
 * Panoptic quality (PQ, SQ, RQ; All / Things / Stuff) exactly as panopticapi's pq_compute,
 * returned as fractions in [0, 1] like pycocotools' AP (panopticapi prints them ×100).
 */
export type { PqClassCounts, PqClassResult, PqResult, PqStats } from './counts.js';
export type { PqImage } from './image.js';
export { evaluatePanoptic, pqFromSegments, type PanopticEvaluation, type PanopticOptions } from './evaluate.js';
export { evaluatePanopticFiles, type PanopticFilesOptions, type PanopticFilesResult } from './files.js';
