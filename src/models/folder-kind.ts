/**
 * What kind of model a folder holds, told from its files before any loader reads them, so a folder
 * given to the wrong option (a SAM folder as --model) is reported as what it is, not as a bad pack.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { isInternVLConfig } from './internvl/config.js';

export type FolderKind = 'internvl-pack' | 'sam-pack' | 'other-pack' | 'sam-transformers' | 'sam-official' | 'internvl-checkpoint' | 'sentence-transformer' | 'unknown';

const DESCRIPTIONS: Record<FolderKind, string> = {
  'internvl-pack': 'an InternVL model pack',
  'sam-pack': 'a SAM model pack',
  'other-pack': 'an owseg pack of another family',
  'sam-transformers': 'a SAM model (transformers.js layout)',
  'sam-official': 'a SAM model (official encoder/decoder pair)',
  'internvl-checkpoint': 'an InternVL checkpoint that is not converted yet (owseg convert, or give its Hub id)',
  'sentence-transformer': 'a sentence embedder (sentence-transformers ONNX)',
  unknown: 'no model owseg recognises',
};

export async function folderKind(dir: string): Promise<FolderKind> {
  const family = await packFamily(dir);
  if (family !== undefined) return family === 'internvl' ? 'internvl-pack' : family === 'sam' ? 'sam-pack' : 'other-pack';
  const top = await names(dir);
  const nested = await names(join(dir, 'onnx'));
  if (nested.some((f) => f.startsWith('vision_encoder')) && nested.some((f) => f.startsWith('prompt_encoder_mask_decoder'))) return 'sam-transformers';
  if (top.includes('config.json')) {
    const config = await readFile(join(dir, 'config.json'), 'utf8').then((text) => JSON.parse(text) as unknown, () => undefined);
    if (isInternVLConfig(config)) return 'internvl-checkpoint';
  }
  if (top.includes('tokenizer.json') && [...top, ...nested].some((f) => /^model(_\w+)?\.onnx$/.test(f))) return 'sentence-transformer';
  const onnx = top.filter((f) => f.endsWith('.onnx'));
  if (onnx.some((f) => /encoder/i.test(f)) && onnx.some((f) => /decoder/i.test(f))) return 'sam-official';
  return 'unknown';
}

/**
 * Refuses a folder whose kind is known and is not one of `accepted`, naming what it is; `wanted`
 * says what the caller needed. Unknown folders pass, for the loader's own precise errors.
 */
export async function requireFolderKind(dir: string, accepted: readonly FolderKind[], wanted: string): Promise<void> {
  const kind = await folderKind(dir);
  if (kind === 'unknown' || accepted.includes(kind)) return;
  const family = await packFamily(dir);
  if (family !== undefined) throw new InvalidInputError(`${join(dir, 'owseg.json')}: family`, wanted, `it is ${DESCRIPTIONS[kind]}: family ${JSON.stringify(family)}`);
  throw new InvalidInputError(dir, wanted, `it is ${DESCRIPTIONS[kind]}`);
}

/** The `family` of the folder's owseg.json, or undefined without a readable one. */
async function packFamily(dir: string): Promise<unknown> {
  return readFile(join(dir, 'owseg.json'), 'utf8').then((text) => (JSON.parse(text) as { family?: unknown }).family ?? null, () => undefined);
}

async function names(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => [] as string[]);
}
