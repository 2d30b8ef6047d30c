/**
 * writeTinyInternVLCheckpoint: a complete InternVL checkpoint folder (config.json, safetensors under
 * the published tensor names, tokenizer files) with seeded random weights, streamed tensor by tensor.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../../core/errors.js';
import { fromFloat32, type FloatDtype } from '../../safetensors/dtypes.js';
import { indexFileName, singleFileName } from '../../safetensors/checkpoint.js';
import { tensorBytes, writeSafetensors, type TensorToWrite } from '../../safetensors/writer.js';
import { parseInternVLConfig, type InternVLConfig, type NormType } from '../config.js';
import { expectedTensors } from '../tensors.js';
import { internVLConfigJson, tinySizes, type InternVLSizes } from './sizes.js';
import { tinyTokenizer } from './tokenizer.js';
import { randomWeights } from './weights.js';

export interface TinyCheckpointOptions {
  seed: number;
  /** Overrides of the tiny sizes (pass internVL3OneBSizes for a real-size checkpoint). */
  sizes?: Partial<InternVLSizes>;
  /** Storage dtype of every tensor; default float32. */
  dtype?: 'float32' | 'bfloat16' | 'float16';
  /** Number of safetensors shards; more than 1 writes model.safetensors.index.json. Default 1. */
  shards?: number;
  /** Vision norm type; default layer_norm (as in InternViT-300M). */
  normType?: NormType;
  /** Vision q/k RMSNorm; default false. */
  qkNorm?: boolean;
  /** Vision qkv bias; default true. */
  qkvBias?: boolean;
  /** Tie lm_head to embed_tokens (no lm_head tensor is written); default false. */
  tied?: boolean;
  /** Write the slow tokenizer's vocab.json + merges.txt instead of tokenizer.json; default false. */
  slowTokenizer?: boolean;
  /** Tensors a released checkpoint may carry beyond the network (training-only modules), written with random values. */
  extraTensors?: { name: string; shape: number[] }[];
}

export interface TinyCheckpoint {
  dir: string;
  config: InternVLConfig;
  /** Every tensor written, in file order. */
  tensors: TensorToWrite[];
}

const storage: Record<NonNullable<TinyCheckpointOptions['dtype']>, FloatDtype> = { float32: 'F32', bfloat16: 'BF16', float16: 'F16' };

export async function writeTinyInternVLCheckpoint(dir: string, options: TinyCheckpointOptions): Promise<TinyCheckpoint> {
  const sizes = { ...tinySizes, ...options.sizes };
  const tokenizer = tinyTokenizer();
  if (sizes.vocabSize < tokenizer.size) {
    throw new InvalidInputError('sizes.vocabSize', `at least ${tokenizer.size}, the tiny tokenizer's size`, `got ${sizes.vocabSize}`);
  }
  const configJson = internVLConfigJson(sizes, {
    normType: options.normType ?? 'layer_norm',
    qkNorm: options.qkNorm ?? false,
    qkvBias: options.qkvBias ?? true,
    tied: options.tied ?? false,
  });
  const config = parseInternVLConfig(configJson);
  const dtype = storage[options.dtype ?? 'float32'];
  const tensors: TensorToWrite[] = expectedTensors(config)
    .filter((t) => t.required)
    .map((t) => ({ name: t.name, dtype, shape: t.shape }));
  for (const extra of options.extraTensors ?? []) tensors.push({ name: extra.name, dtype, shape: [...extra.shape] });

  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(configJson, null, 2)}\n`);
  if (options.slowTokenizer) {
    await writeFile(join(dir, 'vocab.json'), JSON.stringify(tokenizer.vocab));
    await writeFile(join(dir, 'merges.txt'), `#version: 0.2\n${tokenizer.merges.join('\n')}\n`);
  } else {
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer.tokenizerJson));
  }
  await writeFile(join(dir, 'tokenizer_config.json'), `${JSON.stringify(tokenizer.tokenizerConfig, null, 2)}\n`);

  const data = (t: TensorToWrite): Uint8Array => fromFloat32(randomWeights(options.seed, t.name, t.shape), dtype);
  const shards = splitShards(tensors, options.shards ?? 1);
  if (shards.length === 1) {
    await writeSafetensors(join(dir, singleFileName), tensors, data, { format: 'pt' });
  } else {
    const weightMap: Record<string, string> = {};
    for (const [i, shard] of shards.entries()) {
      const file = `model-${String(i + 1).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.safetensors`;
      await writeSafetensors(join(dir, file), shard, data, { format: 'pt' });
      for (const t of shard) weightMap[t.name] = file;
    }
    const totalSize = tensors.reduce((sum, t) => sum + tensorBytes(t), 0);
    await writeFile(join(dir, indexFileName), `${JSON.stringify({ metadata: { total_size: totalSize }, weight_map: weightMap }, null, 2)}\n`);
  }
  return { dir, config, tensors };
}

/** Consecutive groups of roughly equal byte size, none empty. */
function splitShards(tensors: TensorToWrite[], count: number): TensorToWrite[][] {
  if (!Number.isInteger(count) || count < 1 || count > tensors.length) {
    throw new InvalidInputError('shards', `a whole number from 1 to ${tensors.length}`, `got ${count}`);
  }
  const total = tensors.reduce((sum, t) => sum + tensorBytes(t), 0);
  const shards: TensorToWrite[][] = [[]];
  let written = 0;
  for (const [i, t] of tensors.entries()) {
    const remainingTensors = tensors.length - i;
    const remainingShards = count - shards.length;
    const current = shards[shards.length - 1]!;
    const full = written >= (total * shards.length) / count;
    if (current.length > 0 && remainingShards > 0 && (full || remainingTensors <= remainingShards)) shards.push([]);
    shards[shards.length - 1]!.push(t);
    written += tensorBytes(t);
  }
  return shards;
}
