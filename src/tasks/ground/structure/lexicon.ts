/**
 * The few closed word lists the rules need: small, fixed classes of English (possessive
 * determiners, degree adverbs, spatial words) that a tagger trained on prose gets wrong in
 * referring expressions such as "guy on left" or "the left one".
 */

export const POSSESSIVE_DETERMINERS = new Set(['my', 'your', 'his', 'its', 'our', 'their', 'whose']);

export const DEMONSTRATIVES = new Set(['this', 'that', 'these', 'those']);

/** Determiners that make their phrase plural ("these dogs", "both sheep"). */
export const PLURAL_DETERMINERS = new Set(['these', 'those', 'both', 'several', 'many', 'few']);

/** Nouns that are plural in form and agreement but are their own lemma. */
export const PLURAL_NOUNS = new Set(['people', 'police', 'cattle']);

/** Adverbs that grade the next word ("very tall", "far left") rather than describe the object. */
export const DEGREE_ADVERBS = new Set([
  'very', 'too', 'so', 'quite', 'rather', 'pretty', 'fairly', 'really', 'most', 'more', 'less',
  'least', 'much', 'almost', 'nearly', 'just', 'only', 'even', 'also', 'far', 'somewhat', 'still', 'not',
]);

/** Words that name a place in the picture rather than a thing. */
export const SPATIAL_WORDS = new Set([
  'left', 'right', 'leftmost', 'rightmost', 'middle', 'center', 'centre', 'front', 'back', 'top',
  'bottom', 'background', 'foreground',
]);

/** Spatial words that also read as a place right after a noun ("guy left", "elephant far right"). */
export const SIDE_WORDS = new Set(['left', 'right', 'leftmost', 'rightmost']);

/** Nouns that, with only spatial words, name a place: "on the left side", "in the bottom right corner". */
export const LOCATIVE_HEADS = new Set(['side', 'corner']);

/** Nouns in -ing that name objects, not actions, so they stay compound heads ("the office building"). */
export const OBJECT_ING_NOUNS = new Set([
  'building', 'painting', 'drawing', 'clothing', 'ceiling', 'railing', 'awning', 'icing', 'frosting',
  'topping', 'filling', 'stuffing', 'bedding', 'siding', 'pudding', 'crossing', 'landing', 'carving',
  'lighting', 'opening', 'covering', 'string', 'thing', 'spring', 'swing', 'sling', 'ring', 'wing', 'king',
]);
