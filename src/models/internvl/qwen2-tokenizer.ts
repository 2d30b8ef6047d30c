/**
 * tokenizer.json in the layout of Qwen2's fast tokenizer (byte-level BPE, NFC, Qwen2's split
 * pattern), built from its parts — so checkpoints that ship only the slow tokenizer's vocab.json
 * and merges.txt still get a tokenizer.json, and the tiny test tokenizer shares the same layout.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';

export interface AddedToken {
  id: number;
  content: string;
  special: boolean;
}

/** Qwen2's pre-tokenizer pattern: contractions, letters, single digits, punctuation runs, newlines, spaces. */
const qwen2SplitPattern =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

export function qwen2TokenizerJson(vocab: Record<string, number>, merges: readonly string[], added: readonly AddedToken[]): Record<string, unknown> {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.map((t) => ({ id: t.id, content: t.content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: t.special })),
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: qwen2SplitPattern }, behavior: 'Isolated', invert: false }, byteLevel],
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
      merges,
    },
  };
}

/** Whether `dir` has the slow tokenizer's files that tokenizerJsonFromSlowFiles reads. */
export function hasSlowTokenizerFiles(dir: string): boolean {
  return existsSync(join(dir, 'vocab.json')) && existsSync(join(dir, 'merges.txt'));
}

/**
 * tokenizer.json from vocab.json, merges.txt and the added tokens of tokenizer_config.json
 * (`added_tokens_decoder`) and added_tokens.json, as transformers' Qwen2 slow-to-fast conversion does.
 */
export async function tokenizerJsonFromSlowFiles(dir: string): Promise<Record<string, unknown>> {
  const vocabPath = join(dir, 'vocab.json');
  const vocab = await readJsonFile(vocabPath);
  if (typeof vocab !== 'object' || vocab === null || !Object.values(vocab).every((id) => Number.isInteger(id))) {
    throw new InvalidInputError(vocabPath, 'an object mapping tokens to integer ids');
  }
  const merges = (await readFile(join(dir, 'merges.txt'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#version'));
  const added = new Map<number, AddedToken>();
  const configPath = join(dir, 'tokenizer_config.json');
  if (existsSync(configPath)) {
    const decoder = ((await readJsonFile(configPath)) as { added_tokens_decoder?: Record<string, { content?: unknown; special?: unknown }> }).added_tokens_decoder ?? {};
    for (const [id, token] of Object.entries(decoder)) {
      if (typeof token.content === 'string') added.set(Number(id), { id: Number(id), content: token.content, special: token.special !== false });
    }
  }
  const addedPath = join(dir, 'added_tokens.json');
  if (existsSync(addedPath)) {
    for (const [content, id] of Object.entries((await readJsonFile(addedPath)) as Record<string, number>)) {
      if (!added.has(id)) added.set(id, { id, content, special: true });
    }
  }
  return qwen2TokenizerJson(vocab as Record<string, number>, merges, [...added.values()].sort((a, b) => a.id - b.id));
}
