/**
 * Open-vocabulary mapping of free-form names onto a class list through a TextEmbedder, and the
 * prompt templates it fills.
 */
export { mapToVocabulary, OpenVocabClassifier, type OpenVocabMatch, type OpenVocabOptions, type VocabularyClass } from './classifier.js';
export { CLIP_TEMPLATES, OSPREY_REGION_TEMPLATES, VILD_TEMPLATES, fillTemplate, splitSynonyms } from './templates.js';
