/**
 * Noun-phrase chunking over the corrected tags: determiners and numbers, then modifiers, then one
 * or more nouns, the last of which is the head. A possessor closes its own phrase ("the dog's").
 */
import { nextWord, type TaggedSentence } from './context.js';
import type { TaggedWord } from './tagger.js';

/**
 * Word indices of each noun phrase, in order; every phrase ends with its head noun. Words outside
 * any phrase (verbs, prepositions, pronouns, locatives) split phrases, so "the dog next to the
 * ball" gives two. A comma or "and" continues a phrase only between adjectives ("the red and
 * white bus", "a big, red ball"); between nouns they coordinate entities ("cups, plates and a
 * bowl"). After a noun, a determiner or adjective starts a new phrase.
 */
export function nounPhrases(sentence: TaggedSentence): number[][] {
  const { words, gaps } = sentence;
  const phrases: number[][] = [];
  let current: number[] = [];
  const close = () => {
    if (current.length > 0 && words[current.at(-1)!]!.wordClass === 'noun') phrases.push(current);
    current = [];
  };
  words.forEach((word, i) => {
    const last = current.length > 0 ? words[current.at(-1)!] : undefined;
    const commaBetweenAdjectives = last?.wordClass === 'adjective' && (word.wordClass === 'adjective' || word.wordClass === 'adverb');
    if (gaps[i] === 'break' || (gaps[i] === 'comma' && !commaBetweenAdjectives)) close();
    const held = current.map((k) => words[k]!);
    if (!continues(word, held, nextWord(sentence, i))) {
      close();
      if (!starts(word, nextWord(sentence, i))) return;
    }
    current.push(i);
    if (word.possessive) close();
  });
  close();
  return phrases;
}

function starts(word: TaggedWord, next: TaggedWord | undefined): boolean {
  switch (word.wordClass) {
    case 'determiner':
    case 'number':
    case 'adjective':
    case 'noun':
      return true;
    case 'adverb':
      return gradesNext(next);
    default:
      return false;
  }
}

function continues(word: TaggedWord, held: readonly TaggedWord[], next: TaggedWord | undefined): boolean {
  if (held.length === 0) return false;
  const hasContent = held.some((w) => w.wordClass === 'adjective' || w.wordClass === 'noun');
  const hasNoun = held.some((w) => w.wordClass === 'noun');
  switch (word.wordClass) {
    case 'determiner':
    case 'number':
      return !hasContent;
    case 'adjective':
      return !hasNoun;
    case 'adverb':
      return !hasNoun && gradesNext(next);
    case 'conjunction':
      return !hasNoun && held.at(-1)!.wordClass === 'adjective' && gradesNext(next);
    case 'noun':
      return true;
    default:
      return false;
  }
}

/** An adverb or "and" stays inside a phrase only when an adjective (or another adverb) follows. */
function gradesNext(next: TaggedWord | undefined): boolean {
  return next?.wordClass === 'adjective' || next?.wordClass === 'adverb';
}
