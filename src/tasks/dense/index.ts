/**
 * ROSE-style dense free-vocabulary segmentation: SAM candidates and objectness, one naming pass, the
 * dense assembly, COCO panoptic writing, and the refinement rules and loop.
 */
export { objectness, topN, OBJECTNESS_DEFAULTS, type ObjectnessCandidate, type ObjectnessOptions } from './objectness.js';
export { assemblePanoptic, ASSEMBLE_DEFAULTS, type AssembleOptions, type NamedCandidate } from './assemble.js';
export { MAX_SEGMENT_ID, type DensePanoptic, type DenseSegment, type NamedIdMap, type XywhBox } from './dense-map.js';
export { mergeStuff, type MergedPanoptic, type SameMeaning } from './merge-stuff.js';
export { isThingByShape, THING_OR_STUFF_DEFAULTS, type ThingOrStuffOptions } from './thing-or-stuff.js';
export { pngNameOf, type PanopticImageInput } from './panoptic-images.js';
export { withBothKinds, PLACEHOLDER_NAMES, type Placeholder } from './scoreable.js';
export {
  encodePanopticIds,
  panopticJson,
  writeCocoPanoptic,
  type CocoPanopticJson,
  type WriteCocoPanopticOptions,
} from './coco-panoptic.js';
export type { LabelMap } from './refinement/label-map.js';
export { categoryErrors, worstCategories, type CategoryError } from './refinement/umi.js';
export { situation, MISSED_RECALL, WRONG_CATEGORY_SHARE, type Situation } from './refinement/situations.js';
export { dense, assembleDense, type ClassifiedName, type DenseOptions, type DenseRegion, type DenseResult, type KeptCandidate, type NamingSettings } from './dense.js';
export { denseCandidates, type CoverageOptions, type DenseCandidate } from './candidates.js';
export { refineDense, categoryMap, correctionInstruction, type RefineOptions, type RefinementAction } from './refine.js';
