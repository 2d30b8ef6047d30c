/**
 * loadSam: opens a SAM-family model from an owseg pack (owseg.json, sizes and sha256 checked) or
 * directly from a raw official or transformers.js folder. Never reaches the network.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { createSession, type Session, type SessionOptions } from '../../onnx/index.js';
import { manifestFileName } from '../internvl/pack.js';
import { requireFolderKind } from '../folder-kind.js';
import { findFolderFiles } from './folder-files.js';
import type { SamLayout } from './layouts.js';
import { SamModel } from './model.js';
import { openOfficialDecoder } from './official-decoder.js';
import { readSamManifest } from './pack.js';
import { officialSamPreprocess, parsePreprocessorConfig, type SamPreprocessConfig } from './preprocess-config.js';
import { bindSessions, transformersLayout } from './session-check.js';

export interface LoadSamOptions {
  /** Check every pack file's sha256 against owseg.json (sizes are always checked). Default true. */
  verify?: boolean;
  /** transformers.js file variant of a raw folder: 'quantized' reads onnx/vision_encoder_quantized.onnx, … */
  variant?: string;
  session?: SessionOptions;
}

/** What a folder holds, resolved to files, a layout and preprocessing, before any session opens. */
export interface SamSource {
  layout: SamLayout | 'transformers';
  encoder: string;
  decoder: string;
  /** False when encoder and decoder may be swapped (an official pair not named so). */
  named: boolean;
  preprocess: SamPreprocessConfig;
}

export async function loadSam(dir: string, options: LoadSamOptions = {}): Promise<SamModel> {
  const source = await resolveSamSource(dir, options);
  let encoder = await createSession(join(dir, source.encoder), options.session);
  let decoder: Session | undefined;
  try {
    decoder = await createSession(join(dir, source.decoder), options.session);
    let decoderFile = join(dir, source.decoder);
    if (!source.named && encoder.inputNames.includes('point_coords')) {
      [encoder, decoder] = [decoder, encoder];
      decoderFile = join(dir, source.encoder);
    }
    const layout = source.layout === 'official' ? 'official' : transformersLayout(encoder, dir);
    if (source.layout !== 'transformers' && source.layout !== layout) {
      throw new InvalidInputError(`${join(dir, manifestFileName)}: config.layout`, `"${layout}" (what the encoder's outputs show)`, `got "${source.layout}"`);
    }
    let batchedPrompts = false;
    if (layout === 'official') ({ session: decoder, batched: batchedPrompts } = await openOfficialDecoder(decoderFile, decoder, options.session));
    const binding = bindSessions(layout, encoder, decoder, dir);
    return new SamModel(layout, source.preprocess, { encoder, decoder }, { ...binding, batchedPrompts }, decoderFile);
  } catch (error) {
    await Promise.all([encoder.release(), decoder?.release()]);
    throw error;
  }
}

/** The pack's manifest when there is one, else the raw folder's files and configs. */
export async function resolveSamSource(dir: string, options: LoadSamOptions = {}): Promise<SamSource> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new InvalidInputError(dir, 'a SAM model folder', info ? 'it is not a directory' : 'no such directory');
  await requireFolderKind(dir, ['sam-pack', 'sam-transformers', 'sam-official'], 'a SAM model folder (an owseg pack of family "sam", a transformers.js folder or an official pair)');
  if ((await stat(join(dir, manifestFileName)).catch(() => undefined))?.isFile()) {
    const { config } = await readSamManifest(dir, options.verify ?? true);
    return { layout: config.layout, encoder: config.encoder, decoder: config.decoder, named: true, preprocess: config.preprocess };
  }
  const files = await findFolderFiles(dir, options.variant);
  if (files.kind === 'official') return { layout: 'official', encoder: files.encoder, decoder: files.decoder, named: files.named, preprocess: officialSamPreprocess };
  if (!files.preprocessorConfig) {
    throw new InvalidInputError(join(dir, 'preprocessor_config.json'), 'the preprocessing config of a transformers.js SAM folder', 'no such file');
  }
  const path = join(dir, files.preprocessorConfig);
  return { layout: 'transformers', encoder: files.encoder, decoder: files.decoder, named: true, preprocess: parsePreprocessorConfig(path, await readJsonFile(path)) };
}
