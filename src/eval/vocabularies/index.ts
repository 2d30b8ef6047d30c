/**
 * Closed vocabularies (COCO panoptic, ADE20K, a user's file) for mapping free names onto classes.
 */
export { readVocabulary, vocabularyClasses, BUILT_IN_VOCABULARIES, type ClosedClass, type ClosedVocabulary } from './vocabulary.js';
export { COCO_PANOPTIC } from './coco-panoptic.js';
export { ADE20K_150 } from './ade20k.js';
