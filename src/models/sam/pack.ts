/**
 * The SAM pack manifest (owseg.json, family "sam"): which layout, which files are the encoder and
 * decoder, the preprocessing; written over a folder's files and read back with sizes and sha256.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile, writeFileAtomic } from '../../core/formats/json-file.js';
import { JsonFields } from '../internvl/json-fields.js';
import { hashFile, manifestFileName, type PackFile } from '../internvl/pack.js';
import { PREPROCESSOR_CONFIG_FILE, SAM_LAYOUTS, type SamLayout } from './layouts.js';
import { checkPreprocessConfig, type SamPreprocessConfig } from './preprocess-config.js';

export const SAM_FAMILY = 'sam';

export interface SamPackConfig {
  layout: SamLayout;
  /** Paths relative to the pack folder, '/'-separated. */
  encoder: string;
  decoder: string;
  preprocess: SamPreprocessConfig;
}

export interface SamManifest {
  format: 'owseg.pack';
  version: 1;
  family: typeof SAM_FAMILY;
  files: Record<string, PackFile>;
  config: SamPackConfig;
}

/**
 * Writes `dir`/owseg.json over the files the runner reads: the encoder, the decoder, their
 * external-data files (`.onnx_data` as transformers.js names them, `.onnx.data` as owseg does) and
 * the JSON configs beside them, each with its size and sha256. Other files in the folder stay unlisted.
 */
export async function writeSamManifest(dir: string, config: SamPackConfig): Promise<SamManifest> {
  const candidates = [config.encoder, config.decoder].flatMap((f) => [f, `${f}_data`, `${f}.data`]);
  candidates.push(PREPROCESSOR_CONFIG_FILE, 'config.json');
  const files: Record<string, PackFile> = {};
  for (const name of candidates) {
    const path = join(dir, name);
    if ((await stat(path).catch(() => undefined))?.isFile()) files[name] = await hashFile(path);
  }
  for (const name of [config.encoder, config.decoder]) {
    if (!files[name]) throw new InvalidInputError(join(dir, name), 'an existing ONNX file', 'no such file');
  }
  const manifest: SamManifest = { format: 'owseg.pack', version: 1, family: SAM_FAMILY, files, config };
  await writeFileAtomic(join(dir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Reads `dir`/owseg.json: format, version, family "sam", a known layout, the encoder and decoder
 * among the listed files, and every listed file present with its size (and sha256 when `verify`).
 */
export async function readSamManifest(dir: string, verify: boolean): Promise<SamManifest> {
  const path = join(dir, manifestFileName);
  const root = new JsonFields(path, await readJsonFile(path));
  if (root.value.format !== 'owseg.pack') throw root.error('format', '"owseg.pack"', `got ${JSON.stringify(root.value.format)}`);
  if (root.value.version !== 1) throw root.error('version', '1', `got ${JSON.stringify(root.value.version)}`);
  if (root.value.family !== SAM_FAMILY) {
    throw root.error('family', `"${SAM_FAMILY}" (this loader reads SAM-family packs)`, `got ${JSON.stringify(root.value.family)}`);
  }
  const config = root.object('config');
  const layout = config.choice('layout', SAM_LAYOUTS);
  const files = root.object('files');
  const encoder = config.string('encoder');
  const decoder = config.string('decoder');
  for (const [key, name] of [['encoder', encoder], ['decoder', decoder]] as const) {
    if (!files.has(name)) throw config.error(key, `a file listed in files`, `${name} is not listed`);
  }
  for (const name of Object.keys(files.value)) {
    const entry = files.object(name);
    await checkFile(join(dir, name), { sha256: entry.string('sha256'), bytes: entry.integer('bytes') }, verify);
  }
  const preprocess = checkPreprocessConfig(config.object('preprocess'));
  return { format: 'owseg.pack', version: 1, family: SAM_FAMILY, files: root.value.files as Record<string, PackFile>, config: { layout, encoder, decoder, preprocess } };
}

async function checkFile(file: string, expected: PackFile, verify: boolean): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new InvalidInputError(file, `a pack file listed in ${manifestFileName}`, 'missing');
  if (info.size !== expected.bytes) throw new InvalidInputError(file, `${expected.bytes} bytes as ${manifestFileName} records`, `it has ${info.size}`);
  if (!verify) return;
  const actual = await hashFile(file);
  if (actual.sha256 !== expected.sha256) {
    throw new InvalidInputError(file, `sha256 ${expected.sha256} as ${manifestFileName} records`, `it is ${actual.sha256}: the file changed or is damaged`);
  }
}
