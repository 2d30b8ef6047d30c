/**
 * InternVL at real InternVL3-1B size with random weights (written to a temporary folder, deleted
 * after): conversion time and peak RSS, pack load, vision tile, 3,000-token prefill and decoding at
 * batch 1 and 32, each beside a baseline measured in the same run.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder, createSession, tensor, type Tensor } from '../src/onnx/index.js';
import {
  internVL3OneBSizes,
  loadInternVLPack,
  writeTinyInternVLCheckpoint,
  type InternVLModel,
  type InternVLPackConfig,
  type KVCache,
} from '../src/models/internvl/index.js';
import { runInChild } from './child.js';
import { timeOnce, type BenchSuite, type Figure } from './harness.js';

const internvlModule = new URL('../src/models/internvl/index.js', import.meta.url).href;
const safetensorsModule = new URL('../src/models/safetensors/index.js', import.meta.url).href;

const convertInChild = `
import { convertInternVLCheckpoint } from '${internvlModule}';
const [checkpoint, pack] = process.argv.slice(1);
const start = performance.now();
await convertInternVLCheckpoint(checkpoint, pack);
const result = { seconds: (performance.now() - start) / 1000 };`;

const copyInChild = `
import { copyFile, mkdir, readdir } from 'node:fs/promises';
const [checkpoint, target] = process.argv.slice(1);
const start = performance.now();
await mkdir(target);
for (const name of await readdir(checkpoint)) if (name.endsWith('.safetensors')) await copyFile(checkpoint + '/' + name, target + '/' + name);
const result = { seconds: (performance.now() - start) / 1000 };`;

const streamInChild = `
import { SafetensorsCheckpoint } from '${safetensorsModule}';
const checkpoint = await SafetensorsCheckpoint.open(process.argv[1]);
let values = 0;
for (const name of checkpoint.tensors.keys()) values += (await checkpoint.readFloat32(name)).length;
await checkpoint.close();
const result = { values };`;

async function readAllBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(dir)) {
    for await (const chunk of createReadStream(join(dir, name), { highWaterMark: 1 << 22 })) bytes += (chunk as Buffer).byteLength;
  }
  return bytes;
}

/** Multiply-adds ×2 of one 448 tile through the vision graph (conv, 24 layers incl. full attention, projector). */
function visionFlops(c: InternVLPackConfig, layers: number, intermediate: number): number {
  const D = c.visionHiddenSize;
  const T = c.patchGrid ** 2 + 1;
  const perLayer = 2 * T * D * (3 * D + D + 2 * intermediate) + 2 * 2 * T * T * D;
  const merged = D * (1 / c.downsampleRatio) ** 2;
  return 2 * c.patchGrid ** 2 * D * 3 * c.patchSize ** 2 + layers * perLayer + 2 * c.tokensPerTile * (merged * c.hiddenSize + c.hiddenSize ** 2);
}

/** ×2 multiply-adds of `tokens` new tokens over `total` keys through the decoder, logits for every token. */
function decoderFlops(c: InternVLPackConfig, intermediate: number, tokens: number, total: number): number {
  const q = c.numHeads * c.headDim;
  const kv = c.numKvHeads * c.headDim;
  const perLayer = 2 * tokens * c.hiddenSize * (2 * q + 2 * kv + 3 * intermediate) + 2 * 2 * c.numHeads * tokens * total * c.headDim;
  return c.numLayers * perLayer + 2 * tokens * c.hiddenSize * c.vocabSize;
}

/** ORT's float32 MatMul rate on this machine, from one [2048, 4096] × [4096, 4096] product (best of 3). */
async function matMulFlopsPerSecond(): Promise<number> {
  const [M, K, N] = [2048, 4096, 4096];
  const g = new GraphBuilder('matmul');
  const a = g.input('a', 'float32', [M, K]);
  const b = g.initializer('b', 'float32', [K, N], Float32Array.from({ length: K * N }, (_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5));
  g.output(g.node('MatMul', [a, b])[0]!, 'float32', [M, N], 'c');
  const session = await createSession(await g.toBytes());
  const feed = { a: tensor('float32', [M, K], Float32Array.from({ length: M * K }, (_, i) => (i % 7) / 7)) };
  let best = Infinity;
  for (let r = 0; r < 3; r++) best = Math.min(best, await timeOnce(() => session.run(feed)));
  await session.release();
  return (2 * M * K * N) / best;
}

/**
 * Decoding steps per second for `batch` sequences over a `context`-token cache, one token per
 * sequence per step. The cache is filled with synthetic keys and values rather than a prefill,
 * which would cost as much memory as [batch, context, vocab] logits; attention work is the same.
 */
async function decodeRate(model: InternVLModel, batch: number, context: number, steps: number): Promise<number> {
  const { numLayers, numKvHeads, headDim } = model.config;
  const dims = [batch, numKvHeads, context, headDim];
  const synthetic = (): Tensor => tensor('float32', dims, Float32Array.from({ length: batch * numKvHeads * context * headDim }, (_, i) => Math.sin(i) * 0.5));
  let past: KVCache = Array.from({ length: numLayers }, () => ({ key: synthetic(), value: synthetic() }));
  const ids = Array.from({ length: batch }, (_, b) => [(b * 7919) % 150000]);
  const step = async (): Promise<void> => {
    past = (await model.decode({ inputsEmbeds: await model.embed(ids), past })).present;
  };
  await step();
  const seconds = await timeOnce(async () => {
    for (let s = 0; s < steps; s++) await step();
  });
  return (steps * batch) / seconds;
}

/** Seconds for one pass copying `bytes` of memory: the floor for anything that reads every weight once. */
function memoryPassSeconds(bytes: number): number {
  const source = Buffer.alloc(bytes, 1);
  const target = Buffer.allocUnsafe(bytes);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    source.copy(target);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

export const internvlSuite: BenchSuite = {
  name: 'internvl',
  async run(): Promise<Figure[]> {
    const root = await mkdtemp(join(tmpdir(), 'owseg-internvl-bench-'));
    try {
      const sizes = internVL3OneBSizes;
      const checkpoint = join(root, 'checkpoint');
      const pack = join(root, 'pack');
      await writeTinyInternVLCheckpoint(checkpoint, { seed: 1, sizes, dtype: 'bfloat16', shards: 2 });
      const checkpointBytes = (await Promise.all((await readdir(checkpoint)).map((n) => stat(join(checkpoint, n))))).reduce((s, f) => s + f.size, 0);

      const conversion = await runInChild<{ seconds: number }>(convertInChild, [checkpoint, pack]);
      const copy = await runInChild<{ seconds: number }>(copyInChild, [checkpoint, join(root, 'copy')]);
      await rm(join(root, 'copy'), { recursive: true });
      const streaming = await runInChild<{ values: number }>(streamInChild, [checkpoint]);
      const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

      const packBytes = (await Promise.all((await readdir(pack)).map((n) => stat(join(pack, n))))).reduce((s, f) => s + f.size, 0);
      const readSeconds = await timeOnce(() => readAllBytes(pack));
      let model: InternVLModel | undefined;
      const loadSeconds = await timeOnce(async () => {
        model = await loadInternVLPack(pack);
      });
      const m = model!;
      try {
        const c = m.config;
        const flopRate = await matMulFlopsPerSecond();

        const tile: Tensor = tensor('float32', [1, 3, c.tileSize, c.tileSize], Float32Array.from({ length: 3 * c.tileSize ** 2 }, (_, i) => Math.sin(i)));
        await m.encodeImages(tile);
        const tileSeconds = Math.min(await timeOnce(() => m.encodeImages(tile)), await timeOnce(() => m.encodeImages(tile)));
        const tileFlops = visionFlops(c, sizes.visionLayers, sizes.visionIntermediate);

        const promptLength = 3000;
        const prompt = [Array.from({ length: promptLength }, (_, i) => (i * 104729) % 150000)];
        const embeds = await m.embed(prompt);
        // Last-only first: it pays the arena's growth for the buffers both share, so its gain is not overstated.
        const prefillLastSeconds = await timeOnce(() => m.decode({ inputsEmbeds: embeds, logits: 'last' }));
        const prefillSeconds = await timeOnce(() => m.decode({ inputsEmbeds: embeds }));
        const prefillFlops = decoderFlops(c, sizes.llmIntermediate, promptLength, promptLength);

        const decoderWeightBytes = (await stat(join(pack, 'decoder.onnx.data'))).size;
        const single = await decodeRate(m, 1, 128, 16);
        const batched = await decodeRate(m, 32, 128, 6);
        const weightPass = memoryPassSeconds(decoderWeightBytes);

        return [
          {
            name: 'convert InternVL3-1B (bf16 → fp32 pack)',
            unit: 's',
            value: conversion.seconds,
            baseline: { name: 'copy the safetensors bytes', value: copy.seconds },
            note: `${gib(checkpointBytes)} checkpoint → ${gib(packBytes)} pack, in a child process`,
          },
          {
            name: 'convert peak RSS',
            unit: 'MB',
            value: conversion.maxRssMB,
            baseline: { name: 'stream every tensor as fp32, nothing kept', value: streaming.maxRssMB },
            note: 'child process peak RSS (VmHWM); limit 8 GB',
          },
          {
            name: 'load pack (sha256 + 3 sessions)',
            unit: 's',
            value: loadSeconds,
            baseline: { name: 'read the pack bytes once', value: readSeconds },
            note: gib(packBytes),
          },
          {
            name: 'vision encoder, one 448 tile',
            unit: 's',
            value: tileSeconds,
            baseline: { name: 'ORT MatMul at the same FLOPs', value: tileFlops / flopRate },
            note: `${(tileFlops / 1e9).toFixed(0)} GFLOP; MatMul rate ${(flopRate / 1e9).toFixed(0)} GFLOP/s`,
          },
          {
            name: 'prefill, 3,000-token prompt',
            unit: 'tok/s',
            value: promptLength / prefillSeconds,
            baseline: { name: 'ORT MatMul at the same FLOPs', value: promptLength / (prefillFlops / flopRate) },
            note: `${(prefillFlops / 1e12).toFixed(2)} TFLOP incl. logits for every token`,
          },
          {
            name: "prefill, 3,000-token prompt, logits: 'last'",
            unit: 'tok/s',
            value: promptLength / prefillLastSeconds,
            baseline: { name: 'logits for every token', value: promptLength / prefillSeconds },
            note: 'what naming asks for: the cache and one row of logits',
          },
          {
            name: 'decode, batch 1 (128-token context)',
            unit: 'tok/s',
            value: single,
            baseline: { name: 'one memory pass over the decoder weights', value: 1 / weightPass },
            note: `${gib(decoderWeightBytes)} of fp32 weights per step`,
          },
          {
            name: 'decode, batch 32 (128-token context)',
            unit: 'tok/s',
            value: batched,
            baseline: { name: 'decode batch 1', value: single },
          },
        ];
      } finally {
        await m.release();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
