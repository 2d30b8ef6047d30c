/**
 * Sentence tokenisation as sentence-transformers does it: strip, optional lower-casing, the
 * tokenizer's own normaliser, pre-tokeniser, model and template, then truncation to max_seq_length.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { InvalidInputError } from '../../core/errors.js';

export interface EncodedText {
  ids: number[];
  typeIds: number[];
}

export interface SentenceTokenizerOptions {
  /** Longest sequence, special tokens included (sentence-transformers' max_seq_length). */
  maxLength: number;
  /** sentence_bert_config.json's do_lower_case: lower-case before the tokenizer runs. */
  lowerCase: boolean;
}

// Python's str.strip() set, which sentence-transformers applies to every text.
const pythonSpace = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
const pythonEnds = new RegExp(`^${pythonSpace}|${pythonSpace}$`, 'gu');

export class SentenceTokenizer {
  readonly maxLength: number;
  readonly padId: number;
  private readonly tokenizer: Tokenizer;
  private readonly lowerCase: boolean;

  constructor(tokenizer: Tokenizer, padId: number, options: SentenceTokenizerOptions) {
    this.tokenizer = tokenizer;
    this.padId = padId;
    this.maxLength = options.maxLength;
    this.lowerCase = options.lowerCase;
  }

  /**
   * Ids and token type ids of one text. @huggingface/tokenizers never truncates (it ignores the
   * truncation block of tokenizer.json, as transformers overrides it when called with max_length),
   * so the content tokens are cut here: transformers' longest_first on a single sequence keeps the
   * first maxLength − (number of special tokens) tokens and then adds the specials.
   */
  encode(text: string): EncodedText {
    let input = text.replace(pythonEnds, '');
    if (this.lowerCase) input = input.toLowerCase();
    const full = this.tokenizer.encode(input, { add_special_tokens: true, return_token_type_ids: true });
    const ids = full.ids;
    const typeIds = full.token_type_ids ?? new Array<number>(ids.length).fill(0);
    if (ids.length <= this.maxLength) return { ids, typeIds };
    const content = this.tokenizer.encode(input, { add_special_tokens: false }).ids;
    const specials = ids.length - content.length;
    const start = contentStart(ids, content);
    const keep = this.maxLength - specials;
    if (keep < 0 || start < 0) throw new InvalidInputError('maxLength', `room for the ${specials} special tokens the template adds`, `got ${this.maxLength}`);
    const cut = (values: number[]) => [...values.slice(0, start + keep), ...values.slice(start + content.length)];
    return { ids: cut(ids), typeIds: cut(typeIds) };
  }
}

/** Where the template put the content tokens: the first offset at which they appear whole. */
function contentStart(ids: readonly number[], content: readonly number[]): number {
  for (let start = 0; start + content.length <= ids.length; start++) {
    if (content.every((id, i) => ids[start + i] === id)) return start;
  }
  return -1;
}
