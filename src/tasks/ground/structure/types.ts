/**
 * What parseEntities tells the prompt builder about a sentence: its words with their character
 * spans (to sum sub-word attention per word) and the entities those words name.
 */

export interface Word {
  /** Position in `words`. */
  readonly index: number;
  /** The word as written, e.g. "dog's" or "T-shirt". */
  readonly text: string;
  /** Character span [start, end) in the sentence. */
  readonly start: number;
  readonly end: number;
}

/** One thing the sentence names: a noun phrase with its head noun. */
export interface Entity {
  /** The phrase as written, from its first word to its last. */
  readonly phrase: string;
  /** Character span [start, end) of `phrase` in the sentence. */
  readonly start: number;
  readonly end: number;
  /** The noun the phrase is about: the last noun of a compound ("ball" in "tennis ball"), or "one". */
  readonly head: { readonly index: number; readonly text: string };
  /**
   * Words whose attention joins the head's: attributive adjectives, the other nouns of a compound,
   * and spatial words ("left" in "the left one" and in "the dog on the left"), in word order. The
   * last kind lies outside `wordIndices`.
   */
  readonly modifiers: readonly number[];
  /** Every word of the phrase, determiners included, in order. */
  readonly wordIndices: readonly number[];
  readonly plural: boolean;
}

export interface SentenceStructure {
  readonly text: string;
  readonly words: readonly Word[];
  /** In order of their head; empty when the sentence names nothing (no noun, or only pronouns). */
  readonly entities: readonly Entity[];
}
