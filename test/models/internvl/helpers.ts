/**
 * Shared by the InternVL tests: temporary folders, the PyTorch oracle (tools/reference/
 * internvl_forward.py) with raw float32 files in and out, and max-|diff| comparison.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TinyCheckpointOptions } from '../../../src/models/internvl/index.js';
import { runOracle } from '../../helpers/python.js';

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `owseg-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function writeF32(path: string, values: Float32Array): Promise<string> {
  await writeFile(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return path;
}

export interface OracleOutput {
  shape: number[];
  data: Float32Array;
}

interface OracleResponse {
  runs: { outputs: Record<string, { file: string; shape: number[] }> }[];
}

/** Runs the oracle on `checkpoint` and returns each run's outputs, read back as float32. */
export async function runInternVLOracle(checkpoint: string, outDir: string, runs: unknown[]): Promise<Record<string, OracleOutput>[]> {
  const response = runOracle<OracleResponse>('internvl_forward.py', { checkpoint, out_dir: outDir, runs });
  return Promise.all(
    response.runs.map(async (run) => {
      const outputs: Record<string, OracleOutput> = {};
      for (const [name, { file, shape }] of Object.entries(run.outputs)) {
        const bytes = await readFile(file);
        outputs[name] = { shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
      }
      return outputs;
    }),
  );
}

/** Largest |a − b| (NaN if any pair differs by NaN); throws when the lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}

export interface ParityCheckpoint {
  name: string;
  options: TinyCheckpointOptions;
}

/** Tiny checkpoints of several shapes and storage formats: the PyTorch parity cases, also used by the weight-format tests. */
export const parityCheckpoints: ParityCheckpoint[] = [
  { name: 'defaults: 28 px tile, layer_norm, fp32, untied', options: { seed: 1 } },
  {
    name: '56 px tile, rms_norm, q/k norm, bf16, 3 vision layers with select_layer -2, 3 LLM layers, odd vocab',
    options: {
      seed: 2,
      dtype: 'bfloat16',
      normType: 'rms_norm',
      qkNorm: true,
      sizes: { imageSize: 56, visionLayers: 3, selectLayer: -2, llmLayers: 3, vocabSize: 293 },
    },
  },
  {
    name: '42 px stored / 56 px forced tile (patch 7, resized position embeddings), fp16, 3 shards, tied, no qkv bias, 3 query heads per KV head',
    options: {
      seed: 3,
      dtype: 'float16',
      shards: 3,
      tied: true,
      qkvBias: false,
      sizes: { imageSize: 42, forceImageSize: 56, patchSize: 7, llmHidden: 48, llmHeads: 6, llmKvHeads: 2, llmIntermediate: 40, vocabSize: 307, ropeTheta: 1e6 },
    },
  },
];
