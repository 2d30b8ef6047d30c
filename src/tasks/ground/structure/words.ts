/**
 * The sentence's words with their character spans, independent of any tokenizer, so the attention
 * of a model's sub-word tokens can be summed per word by span overlap.
 */
import type { Word } from './types.js';

/**
 * Runs of letters and digits, joined across inner apostrophes and hyphens ("dog's", "T-shirt",
 * "don't") and across the separators of one number ("3.5", "1,000"). A plural possessive keeps
 * its apostrophe ("dogs'"). Everything else (spaces, punctuation) lies between words.
 */
const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*(?:(?<=[sS])['’])?/gu;

export function splitWords(text: string): Word[] {
  return Array.from(text.matchAll(WORD), (match, index) => ({
    index,
    text: match[0],
    start: match.index,
    end: match.index + match[0].length,
  }));
}
