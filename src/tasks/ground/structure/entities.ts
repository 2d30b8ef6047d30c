/**
 * Noun phrases → entities: head, modifiers, plurality, and the spatial words that describe an
 * entity from outside its phrase ("the dog on the left", "pizza in the bottom right corner").
 */
import { previousWord, type TaggedSentence } from './context.js';
import { DEGREE_ADVERBS, LOCATIVE_HEADS, PLURAL_DETERMINERS, PLURAL_NOUNS, SPATIAL_WORDS } from './lexicon.js';
import type { Entity } from './types.js';

/**
 * Modifiers are the phrase's adjectives and the non-head nouns of a compound ("tennis" in "tennis
 * ball"): words that describe the same object, so their attention joins the head's. Determiners,
 * numbers, degree adverbs and "and" are in the phrase but are not modifiers. A phrase that only
 * names a place after a preposition ("on the left side") is not an entity: its spatial words
 * become locatives. Each locative joins the nearest entity before it in its clause, or if there is
 * none the nearest after it ("on the left, a dog").
 */
export function buildEntities(text: string, sentence: TaggedSentence, phrases: readonly number[][]): Entity[] {
  const { words, clauses } = sentence;
  const locatives = words.flatMap((word, i) => (word.wordClass === 'locative' ? [i] : []));
  const kept = phrases.filter((phrase) => {
    if (!namesOnlyAPlace(sentence, phrase)) return true;
    locatives.push(...phrase.filter((i) => SPATIAL_WORDS.has(words[i]!.lower)));
    return false;
  });
  const modifiers = kept.map((phrase) => phrase.slice(0, -1).filter((i) => ['adjective', 'noun'].includes(words[i]!.wordClass)));
  for (const locative of locatives) {
    const heads = kept.map((phrase) => phrase.at(-1)!);
    const sameClause = (e: number) => clauses[heads[e]!] === clauses[locative];
    const before = heads.findLastIndex((head, e) => head < locative && sameClause(e));
    const target = before >= 0 ? before : heads.findIndex((head, e) => head > locative && sameClause(e));
    if (target >= 0) modifiers[target]!.push(locative);
  }
  return kept.map((phrase, e) => {
    const head = words[phrase.at(-1)!]!;
    const first = words[phrase[0]!]!;
    const plural =
      head.inflected ||
      PLURAL_NOUNS.has(head.lower) ||
      phrase.some((i) => {
        const word = words[i]!;
        return (word.wordClass === 'number' && !['one', '1'].includes(word.lower)) || PLURAL_DETERMINERS.has(word.lower);
      });
    return {
      phrase: text.slice(first.start, head.end),
      start: first.start,
      end: head.end,
      head: { index: head.index, text: head.text },
      modifiers: modifiers[e]!.sort((a, b) => a - b),
      wordIndices: [...phrase],
      plural,
    };
  });
}

/** "(on) the far left side", "(in) the bottom right corner": spatial words and a locative head after a preposition. */
function namesOnlyAPlace(sentence: TaggedSentence, phrase: readonly number[]): boolean {
  const { words } = sentence;
  const head = words[phrase.at(-1)!]!;
  if (!LOCATIVE_HEADS.has(head.lower)) return false;
  const describing = phrase.slice(0, -1).filter((i) => words[i]!.wordClass !== 'determiner');
  const placeWord = (i: number) => SPATIAL_WORDS.has(words[i]!.lower) || DEGREE_ADVERBS.has(words[i]!.lower);
  if (describing.length === 0 || !describing.every(placeWord)) return false;
  const after = words[head.index + 1];
  return previousWord(sentence, phrase[0]!)?.wordClass === 'preposition' && after?.lower !== 'of';
}
