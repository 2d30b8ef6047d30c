/**
 * A tagged sentence with what lies between its words, the view the rules and the chunker share:
 * a comma may sit inside a noun phrase ("a big, red ball"), a full stop or a bracket never does.
 */
import type { TaggedWord } from './tagger.js';

/** What separates a word from the previous one: only spaces, one comma, or anything else. */
export type Gap = 'space' | 'comma' | 'break';

export interface TaggedSentence {
  readonly words: TaggedWord[];
  /** gaps[i] lies before words[i]; gaps[0] is 'break'. */
  readonly gaps: readonly Gap[];
  /** Clause number of each word; a clause ends at . ! ? ; or :. */
  readonly clauses: readonly number[];
}

export function tagSentence(text: string, words: TaggedWord[]): TaggedSentence {
  const gaps: Gap[] = [];
  const clauses: number[] = [];
  let clause = 0;
  words.forEach((word, i) => {
    const between = i === 0 ? '' : text.slice(words[i - 1]!.end, word.start);
    if (/[.!?;:]/.test(between)) clause++;
    const trimmed = between.trim();
    gaps.push(i === 0 ? 'break' : trimmed === '' ? 'space' : trimmed === ',' ? 'comma' : 'break');
    clauses.push(clause);
  });
  return { words, gaps, clauses };
}

/** The word after i if no break separates them. */
export function nextWord(sentence: TaggedSentence, i: number): TaggedWord | undefined {
  return sentence.gaps[i + 1] === 'break' ? undefined : sentence.words[i + 1];
}

/** The word before i if no break separates them. */
export function previousWord(sentence: TaggedSentence, i: number): TaggedWord | undefined {
  return sentence.gaps[i] === 'break' ? undefined : sentence.words[i - 1];
}
