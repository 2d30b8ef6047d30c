/**
 * How a raw folder is recognised as one of the SAM layouts from its files: the transformers.js
 * file names, or an official encoder/decoder pair.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { TRANSFORMERS_DECODER_FILE, TRANSFORMERS_ENCODER_FILE, PREPROCESSOR_CONFIG_FILE } from './layouts.js';

/** The files of a raw folder, before the sessions tell SAM from SAM 2. */
export interface FolderFiles {
  kind: 'official' | 'transformers';
  /** Paths relative to the folder. */
  encoder: string;
  decoder: string;
  /** False when the names did not tell encoder from decoder; the loader then decides by the graphs' inputs. */
  named: boolean;
  preprocessorConfig?: string;
}

/**
 * A transformers.js folder has onnx/vision_encoder.onnx and onnx/prompt_encoder_mask_decoder.onnx
 * (with `variant` 'quantized', 'fp16' …, onnx/vision_encoder_<variant>.onnx); an official pair is
 * exactly one *.onnx naming "encoder" and one naming "decoder" at the top level, or exactly two
 * *.onnx files at the top level whatever their names.
 */
export async function findFolderFiles(dir: string, variant?: string): Promise<FolderFiles> {
  const top = await listOnnx(dir);
  const nested = await listOnnx(join(dir, 'onnx'));
  const suffix = variant ? `_${variant}` : '';
  const encoder = TRANSFORMERS_ENCODER_FILE.replace('.onnx', `${suffix}.onnx`);
  const decoder = TRANSFORMERS_DECODER_FILE.replace('.onnx', `${suffix}.onnx`);
  if (nested.includes(encoder.slice(5)) && nested.includes(decoder.slice(5))) {
    const config = (await isFile(join(dir, PREPROCESSOR_CONFIG_FILE))) ? PREPROCESSOR_CONFIG_FILE : undefined;
    return { kind: 'transformers', encoder, decoder, named: true, ...(config ? { preprocessorConfig: config } : {}) };
  }
  const encoders = top.filter((f) => /encoder/i.test(f) && !/decoder/i.test(f));
  const decoders = top.filter((f) => /decoder/i.test(f));
  if (encoders.length === 1 && decoders.length === 1) return { kind: 'official', encoder: encoders[0]!, decoder: decoders[0]!, named: true };
  // The repository's notebook names its decoder sam_onnx_example.onnx: two files are taken as the pair either way round.
  if (top.length === 2 && nested.length === 0) return { kind: 'official', encoder: top[0]!, decoder: top[1]!, named: false };
  const found = [...top, ...nested.map((f) => `onnx/${f}`)];
  throw new InvalidInputError(
    dir,
    `a SAM model: an owseg pack (owseg.json), a transformers.js folder (${encoder}, ${decoder}) or an official pair (one *encoder*.onnx and one *decoder*.onnx)`,
    found.length === 0 ? 'no .onnx files found' : `found ${found.join(', ')}`,
  );
}

async function listOnnx(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  const onnx = entries.filter((e) => e.name.endsWith('.onnx') && (e.isFile() || e.isSymbolicLink())).map((e) => e.name);
  // Hub cache snapshots hold symlinks into blobs/: keep those that lead to a file.
  const files = await Promise.all(onnx.map(async (name) => ((await isFile(join(dir, name))) ? name : undefined)));
  return files.filter((name): name is string => name !== undefined).sort();
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
