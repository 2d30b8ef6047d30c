/**
 * A tiny byte-level BPE tokenizer in Qwen2's tokenizer.json layout (the same pre-tokenizer,
 * byte-level alphabet and added-token handling), with InternVL's special tokens, for test packs.
 */

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

/** Qwen2's pre-tokenizer pattern: contractions, letters, single digits, punctuation runs, newlines, spaces. */
const qwenSplitPattern =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** GPT-2's reversible byte → printable character map that byte-level BPE vocabularies are written in. */
export function byteAlphabet(): string[] {
  const printable = (b: number): boolean => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = [];
  let next = 256;
  for (let b = 0; b < 256; b++) out.push(String.fromCodePoint(printable(b) ? b : next++));
  return out;
}

export interface TinyTokenizerFiles {
  tokenizerJson: Record<string, unknown>;
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
  const added = tinySpecialTokens.map((content) => ({
    id: id++,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: qwenSplitPattern }, behavior: 'Isolated', invert: false }, byteLevel],
    },
    post_processor: byteLevel,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: merges.map(([a, b]) => `${a} ${b}`),
    },
  };
  const tokenizerConfig = {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: Object.fromEntries(added.map(({ id: tokenId, ...rest }) => [String(tokenId), rest])),
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
  return { tokenizerJson, tokenizerConfig, size: id };
}
