/**
 * Which word each sub-word token of a sentence belongs to, from the tokenizer's own decoding: the
 * text decoded up to each token gives the token's character span (byte-level BPE has no offsets).
 */
import type { Word } from '../structure/types.js';

/**
 * For each token of `ids` (the sentence alone, as it sits in the prompt), the index of the word its
 * characters overlap most, or −1 for a token of spaces or punctuation only. A token that ends inside
 * a multi-byte character belongs to the word that character is in.
 */
export function tokenWords(ids: readonly number[], words: readonly Word[], decode: (ids: number[]) => string): number[] {
  const ends: number[] = [];
  for (let k = 1; k <= ids.length; k++) {
    // A prefix that stops inside a character decodes with replacement characters: count only what is complete.
    const text = decode(ids.slice(0, k)).replace(/\uFFFD+$/, '');
    ends.push(Math.max(text.length, ends.at(-1) ?? 0));
  }
  return ends.map((end, k) => {
    const start = k === 0 ? 0 : ends[k - 1]!;
    const span = end > start ? [start, end] : [start, start + 1];
    let best = -1;
    let bestOverlap = 0;
    for (const word of words) {
      const overlap = Math.min(span[1]!, word.end) - Math.max(span[0]!, word.start);
      if (overlap > bestOverlap) {
        best = word.index;
        bestOverlap = overlap;
      }
    }
    return best;
  });
}
