/**
 * Corrections to the tagger for referring expressions, each a rule of English grammar rather than
 * a patch for one sentence. They run in order; later rules read the classes earlier ones set.
 */
import { nextWord, previousWord, type TaggedSentence } from './context.js';
import {
  DEGREE_ADVERBS,
  DEMONSTRATIVES,
  OBJECT_ING_NOUNS,
  POSSESSIVE_DETERMINERS,
  SIDE_WORDS,
  SPATIAL_WORDS,
} from './lexicon.js';
import type { TaggedWord, WordClass } from './tagger.js';

const NOMINAL: readonly WordClass[] = ['noun', 'adjective', 'number', 'adverb'];

export function applyRules(sentence: TaggedSentence): void {
  possessiveDeterminers(sentence);
  nounAfterPossessor(sentence);
  adjectivesReadAsAdverbs(sentence);
  participlesAfterNouns(sentence);
  oneAsHead(sentence);
  demonstrativeDeterminers(sentence);
  spatialWords(sentence);
}

/** "its", "their" (and "her" before a noun) determine a noun: they are determiners, never entities. */
function possessiveDeterminers(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    if (word.wordClass !== 'pronoun') return;
    const next = nextWord(sentence, i);
    const beforeNoun = next !== undefined && NOMINAL.includes(next.wordClass);
    if (POSSESSIVE_DETERMINERS.has(word.lower) || (word.lower === 'her' && beforeNoun)) word.wordClass = 'determiner';
  });
}

/**
 * A possessor ("the dogs'") must be followed by a noun phrase, so a verb right after it is a
 * participle modifying the next noun ("the man's running shoes") or, with no noun after it, the
 * noun itself ("the dogs' bowls").
 */
function nounAfterPossessor(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    const next = nextWord(sentence, i);
    if (!word.possessive || next?.wordClass !== 'verb') return;
    const after = nextWord(sentence, i + 1);
    next.wordClass = after?.wordClass === 'noun' || after?.wordClass === 'adjective' ? 'adjective' : 'noun';
  });
}

/**
 * Before an adjective or a noun, an adverb that is neither a degree word ("very") nor an -ly
 * form is an adjective: the model reads the first of two adjectives as an adverb ("small white
 * dogs", "big brown bear").
 */
function adjectivesReadAsAdverbs(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    if (word.wordClass !== 'adverb' || DEGREE_ADVERBS.has(word.lower) || word.lower.endsWith('ly')) return;
    const next = nextWord(sentence, i)?.wordClass;
    if (next === 'adjective' || next === 'noun') word.wordClass = 'adjective';
  });
}

/**
 * An -ing word right after a noun and ending the noun run is a participle of a reduced relative
 * clause ("a man [who is] skiing", "people standing near the bus"), not a compound head: the model
 * lists many gerunds as nouns. Nouns in -ing that name objects ("office building") are kept.
 */
function participlesAfterNouns(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    if (word.wordClass !== 'noun' || !word.lower.endsWith('ing') || OBJECT_ING_NOUNS.has(word.lower)) return;
    const before = sentence.gaps[i] === 'space' ? sentence.words[i - 1] : undefined;
    if (before?.wordClass === 'noun' && nextWord(sentence, i)?.wordClass !== 'noun') word.wordClass = 'verb';
  });
}

/**
 * "one" not followed by a noun is the pro-form head of its phrase ("the left one", "the one on the
 * right", "one of the dogs"), a real entity; before a noun it is a numeral ("one dog").
 */
function oneAsHead(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    if (word.lower !== 'one' || word.wordClass !== 'number') return;
    const next = nextWord(sentence, i)?.wordClass;
    if (next !== 'noun' && next !== 'adjective' && next !== 'number') word.wordClass = 'noun';
  });
}

/** "that one", "this red cup": a demonstrative before a noun phrase is its determiner. */
function demonstrativeDeterminers(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    const next = nextWord(sentence, i);
    if (DEMONSTRATIVES.has(word.lower) && next !== undefined && NOMINAL.includes(next.wordClass)) word.wordClass = 'determiner';
  });
}

/**
 * Spatial words ("left", "top", "middle") get whatever tag the model guesses, often a verb for
 * "left". By position:
 * - inside a complex preposition, after a preposition and before "of" ("in front of", "to the
 *   left of"): a preposition, part of a relation between two entities;
 * - before a noun, an adjective or another spatial word ("the left one", "top right corner"):
 *   an adjective of that noun;
 * - ending a prepositional phrase ("on the left", "in the far back"), or right after a noun for
 *   left/right ("guy left", "elephant far right"): a locative, which describes the nearest entity
 *   before it (see entities.ts);
 * - anywhere else the model's tag stands ("the top of the table": top is a noun).
 */
function spatialWords(sentence: TaggedSentence): void {
  sentence.words.forEach((word, i) => {
    if (!SPATIAL_WORDS.has(word.lower)) return;
    const next = nextWord(sentence, i);
    const afterPreposition = wordBeforeModifiers(sentence, i)?.wordClass === 'preposition';
    if (next?.lower === 'of' && afterPreposition) {
      word.wordClass = 'preposition';
    } else if (next !== undefined && (next.wordClass === 'noun' || next.wordClass === 'adjective' || SPATIAL_WORDS.has(next.lower))) {
      word.wordClass = 'adjective';
    } else if (afterPreposition || (SIDE_WORDS.has(word.lower) && afterNoun(sentence, i, next))) {
      word.wordClass = 'locative';
    }
  });
}

/** The word before i once determiners, degree adverbs and other spatial words are skipped. */
function wordBeforeModifiers(sentence: TaggedSentence, i: number): TaggedWord | undefined {
  let before = previousWord(sentence, i);
  for (let j = i - 1; before !== undefined && isPlaceModifier(before); j--) before = previousWord(sentence, j);
  return before;
}

function isPlaceModifier(word: TaggedWord): boolean {
  return word.wordClass === 'determiner' || DEGREE_ADVERBS.has(word.lower) || SPATIAL_WORDS.has(word.lower);
}

/** Right after a noun (degree words between allowed) and not starting a new phrase ("the dog left the room"). */
function afterNoun(sentence: TaggedSentence, i: number, next: TaggedWord | undefined): boolean {
  let before = previousWord(sentence, i);
  for (let j = i - 1; before !== undefined && DEGREE_ADVERBS.has(before.lower); j--) before = previousWord(sentence, j);
  const startsPhrase = next !== undefined && ['determiner', 'number', 'pronoun', 'noun'].includes(next.wordClass);
  return before?.wordClass === 'noun' && !startsPhrase;
}
