/**
 * Part-of-speech tags per word from wink-nlp's English model. Chosen over compromise because it
 * tags verbs and prepositions in short referring phrases right ("man riding a horse", "chair
 * behind the table"), where compromise's lexicon-first tagger read nouns and adjectives, leaving
 * fewer rules to write here (see rules.ts). wink-nlp 2.4 with wink-eng-lite-web-model 1.8.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Word } from './types.js';

/** The classes the chunker needs, coarser than Universal Dependencies' tags. */
export type WordClass =
  | 'noun'
  | 'adjective'
  | 'adverb'
  | 'determiner'
  | 'number'
  | 'pronoun'
  | 'verb'
  | 'preposition'
  | 'conjunction'
  /** Set by the rules only: a spatial word describing an entity from outside it ("on the left"). */
  | 'locative'
  | 'other';

export interface TaggedWord extends Word {
  readonly lower: string;
  wordClass: WordClass;
  /** The lemma differs from the form: for a noun, a plural ("cats", "children", "mice"). */
  readonly inflected: boolean;
  /** A noun with a possessive clitic: "dog's", "dogs'". */
  readonly possessive: boolean;
}

const universalToClass: Record<string, WordClass> = {
  NOUN: 'noun',
  PROPN: 'noun',
  ADJ: 'adjective',
  ADV: 'adverb',
  DET: 'determiner',
  NUM: 'number',
  PRON: 'pronoun',
  VERB: 'verb',
  AUX: 'verb',
  ADP: 'preposition',
  CCONJ: 'conjunction',
};

/** Clitics and punctuation never decide a word's class: "dog's" is tagged as "dog", "T-shirt" as "shirt". */
const NOT_A_HOST = /^(?:['’].*|n['’]t|\p{P}+)$/u;
const POSSESSIVE = /(?:['’]s|s['’])$/i;

let pipeline: ReturnType<typeof winkNLP> | undefined;

/**
 * Tags each word by the model's tokens that overlap it (the last one that is not a clitic or
 * punctuation). The text is tagged in lower case, as referring expressions are written either way
 * and the model reads a capitalised first word as a proper noun.
 */
export function tagWords(text: string, words: readonly Word[]): TaggedWord[] {
  pipeline ??= winkNLP(model, ['pos']);
  const its = pipeline.its;
  const lowered = text.toLowerCase();
  // Lower-casing a few characters (e.g. "İ") changes the length, which would move every span after them.
  const source = lowered.length === text.length ? lowered : text;
  const modelTokens = pipeline.readDoc(source).tokens();
  const values = modelTokens.out(its.value) as string[];
  const pos = modelTokens.out(its.pos) as string[];
  const normal = modelTokens.out(its.normal) as string[];
  // wink's declarations give its.lemma an addon's signature that out() rejects; the call is the documented one.
  const lemma = modelTokens.out(its.lemma as unknown as typeof its.normal) as string[];
  const tokens: { start: number; end: number; value: string; pos: string; normal: string; lemma: string }[] = [];
  let cursor = 0;
  values.forEach((value, t) => {
    const start = source.indexOf(value, cursor);
    if (start < 0) return;
    cursor = start + value.length;
    tokens.push({ start, end: cursor, value, pos: pos[t]!, normal: normal[t]!, lemma: lemma[t]! });
  });
  return words.map((word) => {
    const overlapping = tokens.filter((t) => t.start < word.end && t.end > word.start);
    const host = overlapping.findLast((t) => !NOT_A_HOST.test(t.value)) ?? overlapping[0];
    const wordClass = (host && universalToClass[host.pos]) ?? 'other';
    return {
      ...word,
      lower: word.text.toLowerCase(),
      wordClass,
      inflected: host !== undefined && host.lemma !== host.normal,
      possessive: wordClass === 'noun' && POSSESSIVE.test(word.text),
    };
  });
}
