/**
 * convertInternVLCheckpoint: checkpoint folder → model pack. Everything is checked before any
 * weight is read; the pack is written into a temporary folder beside the target and renamed into
 * place only when complete, so a failure never leaves a partial pack.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import type { GraphBuilder } from '../../onnx/index.js';
import { SafetensorsCheckpoint } from '../safetensors/checkpoint.js';
import { parseInternVLConfig, type InternVLConfig } from './config.js';
import { buildDecoderGraph } from './graphs/decoder.js';
import { buildEmbedGraph } from './graphs/embed.js';
import { buildVisionGraph } from './graphs/vision.js';
import { weightSource } from './graphs/weights.js';
import { decoderFileName, embedFileName, hashFile, manifestFileName, manifestFor, visionFileName, type InternVLManifest, type PackFile } from './pack.js';
import { checkTensors, describeUnused, expectedTensors, lmHeadName } from './tensors.js';
import { weightScheme, type WeightScheme, type WeightSchemeOptions } from './weight-format.js';
import { loadInternVLTokenizer, readTokenizerJson, tokenizerConfigFileName, tokenizerFileName } from './tokenizer.js';

export interface ConvertProgress {
  /** The file being written. */
  file: string;
  /** float32 checkpoint bytes read so far, over all graphs (out of `total`, whatever the pack's weight format). */
  done: number;
  total: number;
}

export interface ConvertOptions {
  /** Replace an existing pack folder (only once the new pack is complete). */
  overwrite?: boolean;
  onProgress?: (progress: ConvertProgress) => void;
  /** Told once, before any weight is read, of checkpoint tensors the pack does not use (they are skipped). */
  onWarning?: (message: string) => void;
  /** Graphs with more weight bytes than this store them in `<file>.data`; default 256 MiB. */
  externalDataThreshold?: number;
  /** How the pack stores its weights; default fp32 (see weight-format.ts). */
  weights?: WeightSchemeOptions;
}

/**
 * Below protobuf's 2 GiB limit on purpose: an embedded graph is encoded in memory whole, which for
 * InternVL3-1B's 1.9 GB decoder took 7 minutes and 7.9 GB of RSS; external data streams (22 s, 1.3 GB).
 */
export const defaultExternalDataThreshold = 256 * 1024 ** 2;

export async function convertInternVLCheckpoint(checkpointDir: string, packDir: string, options: ConvertOptions = {}): Promise<InternVLManifest> {
  const target = resolve(packDir);
  if (existsSync(target) && !options.overwrite) {
    throw new InvalidInputError(target, 'a pack folder that does not exist yet', 'it exists; pass --force (overwrite: true) to replace it');
  }
  const scheme = weightScheme(options.weights);
  const configPath = join(checkpointDir, 'config.json');
  const config = parseInternVLConfig(await readJsonFile(configPath), configPath);
  const tokenizer = await loadInternVLTokenizer(checkpointDir);
  for (const [token, id] of Object.entries(tokenizer.specialTokens)) {
    if (id >= config.llm.vocabSize) {
      throw new InvalidInputError(`${join(checkpointDir, tokenizerFileName)}: token ${token}`, `an id below llm_config.vocab_size (${config.llm.vocabSize})`, `got ${id}`);
    }
  }
  const checkpoint = await SafetensorsCheckpoint.open(checkpointDir);
  try {
    const { unused } = checkTensors(expectedTensors(config), checkpoint.tensors, checkpointDir);
    if (unused.length > 0) {
      options.onWarning?.(`${checkpointDir}: skipping ${unused.length} tensor(s) of modules an owseg pack does not use: ${describeUnused(unused)}`);
    }
    const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(partial, { recursive: true });
    try {
      const files = { ...(await writeGraphs(config, checkpoint, scheme, partial, options)), ...(await writeTokenizerFiles(checkpointDir, partial)) };
      const manifest = manifestFor(config, { ...tokenizer.specialTokens }, files, scheme);
      await writeFile(join(partial, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
      await replaceFolder(partial, target);
      return manifest;
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  } finally {
    await checkpoint.close();
  }
}

/** Builds the three graphs, then saves them one after another, reading each weight only as it is written. */
async function writeGraphs(config: InternVLConfig, checkpoint: SafetensorsCheckpoint, scheme: WeightScheme, dir: string, options: ConvertOptions): Promise<Record<string, PackFile>> {
  let done = 0;
  let file = '';
  const graphs: [string, GraphBuilder][] = [];
  const source = weightSource(async (name) => {
    const values = await checkpoint.readFloat32(name);
    done += values.byteLength;
    options.onProgress?.({ file, done, total });
    return values;
  }, scheme);
  graphs.push([visionFileName, buildVisionGraph(config, source)]);
  graphs.push([embedFileName, buildEmbedGraph(config, source)]);
  graphs.push([decoderFileName, buildDecoderGraph(config, source, checkpoint.tensors.has(lmHeadName))]);
  const total = source.declaredBytes;

  const files: Record<string, PackFile> = {};
  for (const [name, graph] of graphs) {
    file = name;
    options.onProgress?.({ file, done, total });
    const saved = await graph.save(join(dir, name), { externalDataThreshold: options.externalDataThreshold ?? defaultExternalDataThreshold });
    files[name] = await hashFile(saved.path);
    if (saved.dataPath) files[basename(saved.dataPath)] = await hashFile(saved.dataPath);
  }
  return files;
}

/** tokenizer.json (copied, or built from the slow tokenizer's files) and tokenizer_config.json when present. */
async function writeTokenizerFiles(checkpointDir: string, dir: string): Promise<Record<string, PackFile>> {
  const files: Record<string, PackFile> = {};
  if (existsSync(join(checkpointDir, tokenizerFileName))) {
    await copyFile(join(checkpointDir, tokenizerFileName), join(dir, tokenizerFileName));
  } else {
    await writeFile(join(dir, tokenizerFileName), JSON.stringify(await readTokenizerJson(checkpointDir)));
  }
  files[tokenizerFileName] = await hashFile(join(dir, tokenizerFileName));
  if (existsSync(join(checkpointDir, tokenizerConfigFileName))) {
    await copyFile(join(checkpointDir, tokenizerConfigFileName), join(dir, tokenizerConfigFileName));
    files[tokenizerConfigFileName] = await hashFile(join(dir, tokenizerConfigFileName));
  }
  return files;
}

/** Moves the finished pack into place; an existing folder is set aside first and removed only after. */
async function replaceFolder(source: string, target: string): Promise<void> {
  if (!existsSync(target)) {
    await rename(source, target);
    return;
  }
  const old = `${source}.old`;
  await rename(target, old);
  try {
    await rename(source, target);
  } catch (error) {
    await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
