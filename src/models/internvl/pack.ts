/**
 * The InternVL model pack's manifest, owseg.json: its fields, how it is built from a checkpoint's
 * config, and how it is read back and checked (format, family, every file's size and sha256).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import type { InternVLConfig } from './config.js';
import { JsonFields } from './json-fields.js';
import { parseWeightFormat, type WeightScheme } from './weight-format.js';
import { imageContextToken, imageEndToken, imagePlaceholder, imageStartToken, internvl25SystemMessage } from './template.js';

export const manifestFileName = 'owseg.json';
export const visionFileName = 'vision.onnx';
export const embedFileName = 'embed.onnx';
export const decoderFileName = 'decoder.onnx';

export interface PackFile {
  sha256: string;
  bytes: number;
}

/** What the runner needs to know without reading the graphs. */
export interface InternVLPackConfig {
  /** Side of one square vision tile in pixels (pixel_values is [tiles, 3, tileSize, tileSize]). */
  tileSize: number;
  patchSize: number;
  /** Patches per tile side; patch_features is [tiles, patchGrid², visionHiddenSize]. */
  patchGrid: number;
  /** image_tokens per tile (after the pixel shuffle). */
  tokensPerTile: number;
  visionHiddenSize: number;
  selectLayer: number;
  downsampleRatio: number;
  psVersion: 'v1' | 'v2';
  dynamicImageSize: boolean;
  useThumbnail: boolean;
  minDynamicPatch: number;
  maxDynamicPatch: number;
  /** ImageNet normalisation the vision encoder was trained with (RGB, on 0…1 values). */
  imageMean: [number, number, number];
  imageStd: [number, number, number];
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  headDim: number;
  vocabSize: number;
  ropeTheta: number;
  maxPositionEmbeddings: number;
  /** Generation stops at the template's separator token. */
  eosTokenId: number;
  imageContextTokenId: number;
}

export interface InternVLPrompts {
  system: string;
  imageStart: string;
  imageEnd: string;
  imageContext: string;
  imagePlaceholder: string;
}

/** 3: decoder.onnx also outputs `hidden_states` at `logits_positions`; 2: it takes `logits_positions` (1: logits at every position). */
export const internVLPackVersion = 3;

export interface InternVLManifest {
  format: 'owseg.pack';
  version: 3;
  family: 'internvl';
  files: Record<string, PackFile>;
  config: InternVLPackConfig;
  template: string;
  prompts: InternVLPrompts;
  specialTokens: Record<string, number>;
  /** How the graphs store their weights; packs written before weight formats existed are fp32 and lack it. */
  weights?: WeightScheme;
}

/** The manifest's config and prompts from a checkpoint's config and its tokenizer's special tokens. */
export function manifestFor(config: InternVLConfig, specialTokens: Record<string, number>, files: Record<string, PackFile>, weights: WeightScheme): InternVLManifest {
  const { vision, llm } = config;
  return {
    format: 'owseg.pack',
    version: internVLPackVersion,
    family: 'internvl',
    files,
    weights,
    config: {
      tileSize: config.tileSize,
      patchSize: vision.patchSize,
      patchGrid: config.patchGrid,
      tokensPerTile: config.tokensPerTile,
      visionHiddenSize: vision.hiddenSize,
      selectLayer: config.selectLayer,
      downsampleRatio: config.downsampleRatio,
      psVersion: config.psVersion,
      dynamicImageSize: config.dynamicImageSize,
      useThumbnail: config.useThumbnail,
      minDynamicPatch: config.minDynamicPatch,
      maxDynamicPatch: config.maxDynamicPatch,
      imageMean: [0.485, 0.456, 0.406],
      imageStd: [0.229, 0.224, 0.225],
      hiddenSize: llm.hiddenSize,
      numLayers: llm.numLayers,
      numHeads: llm.numHeads,
      numKvHeads: llm.numKvHeads,
      headDim: llm.headDim,
      vocabSize: llm.vocabSize,
      ropeTheta: llm.ropeTheta,
      maxPositionEmbeddings: llm.maxPositionEmbeddings,
      eosTokenId: specialTokens['<|im_end|>']!,
      imageContextTokenId: specialTokens[imageContextToken]!,
    },
    template: config.template,
    prompts: {
      system: config.systemMessage ?? internvl25SystemMessage,
      imageStart: imageStartToken,
      imageEnd: imageEndToken,
      imageContext: imageContextToken,
      imagePlaceholder,
    },
    specialTokens,
  };
}

/** sha256 (hex) and size of a file, streamed. */
export async function hashFile(path: string): Promise<PackFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The files a converted pack always lists (the tokenizer config and external data are optional). */
const requiredFiles = [visionFileName, embedFileName, decoderFileName, 'tokenizer.json'];

/**
 * Reads `dir`/owseg.json, checks its format, version and family, and that every listed file
 * exists with its recorded size — and, when `verify`, its sha256.
 */
export async function readInternVLManifest(dir: string, verify: boolean): Promise<InternVLManifest> {
  const path = join(dir, manifestFileName);
  const root = new JsonFields(path, await readJsonFile(path));
  if (root.value.format !== 'owseg.pack') throw root.error('format', '"owseg.pack"', `got ${JSON.stringify(root.value.format)}`);
  if (root.value.version !== internVLPackVersion) {
    const older = typeof root.value.version === 'number' && root.value.version < internVLPackVersion;
    const hint = older ? `: packs before version ${internVLPackVersion} lack the decoder's hidden_states output; convert the checkpoint again (Hub models are converted again automatically)` : '';
    throw root.error('version', String(internVLPackVersion), `got ${JSON.stringify(root.value.version)}${hint}`);
  }
  if (root.value.family !== 'internvl') throw root.error('family', '"internvl" (this loader reads InternVL packs)', `got ${JSON.stringify(root.value.family)}`);
  const files = root.object('files');
  for (const name of requiredFiles) if (!files.has(name)) throw files.error(name, 'an entry for a file every InternVL pack has');
  for (const name of Object.keys(files.value)) {
    const entry = files.object(name);
    const expected = { sha256: entry.string('sha256'), bytes: entry.integer('bytes') };
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new InvalidInputError(file, `a pack file listed in ${manifestFileName}`, 'missing');
    if (info.size !== expected.bytes) throw new InvalidInputError(file, `${expected.bytes} bytes as ${manifestFileName} records`, `it has ${info.size}`);
    if (verify) {
      const actual = await hashFile(file);
      if (actual.sha256 !== expected.sha256) {
        throw new InvalidInputError(file, `sha256 ${expected.sha256} as ${manifestFileName} records`, `it is ${actual.sha256}: the file changed or is damaged`);
      }
    }
  }
  parsePackConfig(root.object('config'));
  if (root.has('weights')) parseWeightFormat(String(root.object('weights').value.format), `${path}: weights.format`);
  root.object('prompts');
  root.object('specialTokens');
  root.string('template');
  return root.value as unknown as InternVLManifest;
}

/** Checks the fields the runner reads, so a hand-edited manifest fails here, naming the field. */
function parsePackConfig(c: JsonFields): void {
  for (const key of ['tileSize', 'patchSize', 'patchGrid', 'tokensPerTile', 'visionHiddenSize', 'hiddenSize', 'numLayers', 'numHeads', 'numKvHeads', 'headDim', 'vocabSize']) {
    c.size(key);
  }
  c.integer('eosTokenId');
  c.integer('imageContextTokenId');
}
