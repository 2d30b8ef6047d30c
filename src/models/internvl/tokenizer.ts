/**
 * The pack's tokenizer (tokenizer.json + tokenizer_config.json through @huggingface/tokenizers)
 * and the ids of the special tokens the InternVL prompts are built from.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { hasSlowTokenizerFiles, tokenizerJsonFromSlowFiles } from './qwen2-tokenizer.js';
import { imageContextToken, imageEndToken, imageStartToken, turnEndToken, turnStartToken } from './template.js';

/** Tokens every InternVL pack must have, and the Qwen2 end-of-text token. */
export const requiredSpecialTokens = [imageStartToken, imageEndToken, imageContextToken, turnStartToken, turnEndToken, '<|endoftext|>'] as const;

export const tokenizerFileName = 'tokenizer.json';
export const tokenizerConfigFileName = 'tokenizer_config.json';

export class InternVLTokenizer {
  readonly tokenizer: Tokenizer;
  /** Id of each required special token. */
  readonly specialTokens: Readonly<Record<string, number>>;

  constructor(tokenizerJson: object, tokenizerConfig: object, source: string) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    const ids: Record<string, number> = {};
    for (const token of requiredSpecialTokens) {
      const id = this.tokenizer.token_to_id(token);
      if (id === undefined) throw new InvalidInputError(`${source}: token ${token}`, 'a special token in the vocabulary');
      ids[token] = id;
    }
    this.specialTokens = ids;
  }

  /** Token ids of `text`; special tokens written in the text become their single ids. */
  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: readonly number[], options: { skipSpecialTokens?: boolean } = {}): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: options.skipSpecialTokens ?? false });
  }
}

/**
 * tokenizer.json's content from `dir`; a checkpoint with only the slow tokenizer's vocab.json and
 * merges.txt gets one built from them.
 */
export async function readTokenizerJson(dir: string): Promise<unknown> {
  const jsonPath = join(dir, tokenizerFileName);
  if (!existsSync(jsonPath) && hasSlowTokenizerFiles(dir)) return tokenizerJsonFromSlowFiles(dir);
  return readJsonFile(jsonPath);
}

/** Loads the tokenizer (see readTokenizerJson) and tokenizer_config.json (optional) from `dir`. */
export async function loadInternVLTokenizer(dir: string): Promise<InternVLTokenizer> {
  const jsonPath = join(dir, tokenizerFileName);
  const configPath = join(dir, tokenizerConfigFileName);
  const tokenizerJson = await readTokenizerJson(dir);
  const tokenizerConfig = existsSync(configPath) ? await readJsonFile(configPath) : {};
  if (typeof tokenizerJson !== 'object' || tokenizerJson === null) throw new InvalidInputError(jsonPath, 'a tokenizer.json object');
  if (typeof tokenizerConfig !== 'object' || tokenizerConfig === null) throw new InvalidInputError(configPath, 'a JSON object');
  try {
    return new InternVLTokenizer(tokenizerJson, tokenizerConfig, jsonPath);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError(jsonPath, 'a tokenizer @huggingface/tokenizers can load', (error as Error).message);
  }
}
