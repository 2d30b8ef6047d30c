/**
 * A tiny byte-level BPE tokenizer in Qwen2's tokenizer.json layout (the same pre-tokenizer,
 * byte-level alphabet and added-token handling), with InternVL's special tokens, for test packs.
 */
import { qwen2TokenizerJson } from '../qwen2-tokenizer.js';

/** Qwen2's specials that the chat template uses, then InternVL's image and grounding tokens, in their published order. */
export const tinySpecialTokens = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<img>',
  '</img>',
  '<IMG_CONTEXT>',
  '<quad>',
  '</quad>',
  '<ref>',
  '</ref>',
  '<box>',
  '</box>',
] as const;

/** A few English merges so common words become single tokens, as in a real BPE vocabulary. */
const merges: readonly [string, string][] = [
  ['Ġ', 't'],
  ['h', 'e'],
  ['i', 'n'],
  ['Ġt', 'he'],
  ['Ġ', 'a'],
  ['e', 'r'],
  ['o', 'n'],
  ['Ġ', 'o'],
  ['r', 'e'],
  ['a', 't'],
  ['e', 'n'],
  ['Ġ', 's'],
  ['Ġ', 'c'],
  ['i', 's'],
  ['o', 'r'],
  ['Ġ', 'w'],
  ['Ġa', 'n'],
  ['Ġan', 'd'],
  ['Ġ', 'i'],
  ['Ġo', 'f'],
];

/** GPT-2's reversible byte → printable character map that byte-level BPE vocabularies are written in. */
function byteAlphabet(): string[] {
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(printable(b) ? b : next++));
  return out;
}

export interface TinyTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  /** The same BPE model as the slow tokenizer's vocab.json and merges.txt. */
  vocab: Record<string, number>;
  merges: string[];
  tokenizerConfig: Record<string, unknown>;
  /** Number of ids the tokenizer uses (0 … size−1). */
  size: number;
}

/** tokenizer.json and tokenizer_config.json: 256 byte tokens, the merges, then the specials. */
export function tinyTokenizer(): TinyTokenizerFiles {
  const vocab: Record<string, number> = {};
  byteAlphabet().forEach((ch, id) => {
    vocab[ch] = id;
  });
  let id = 256;
  for (const [a, b] of merges) vocab[a + b] = id++;
  const added = tinySpecialTokens.map((content) => ({ id: id++, content, special: true }));
  const tokenizerJson = qwen2TokenizerJson(
    vocab,
    merges.map(([a, b]) => `${a} ${b}`),
    added,
  );
  const tokenizerConfig = {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: Object.fromEntries(
      added.map((t) => [String(t.id), { content: t.content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true }]),
    ),
    additional_special_tokens: tinySpecialTokens.filter((t) => t !== '<|endoftext|>'),
    bos_token: null,
    clean_up_tokenization_spaces: false,
    eos_token: '<|im_end|>',
    errors: 'replace',
    model_max_length: 32768,
    pad_token: '<|endoftext|>',
    split_special_tokens: false,
    tokenizer_class: 'Qwen2Tokenizer',
    unk_token: null,
  };
  return { tokenizerJson, tokenizerConfig, vocab, merges: merges.map(([a, b]) => `${a} ${b}`), size: id };
}
