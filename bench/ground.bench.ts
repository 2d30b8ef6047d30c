/**
 * Segment Anyword at real InternVL3-1B size, random weights: one ground() call on a 1024×768 image,
 * its time split into vision, prefill with attention, map post-processing and SAM (a tiny SAM), and
 * the same prefill without attention rows beside it. Env: OWSEG_BENCH_GROUND_MAX_TILES (default 12).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinySamPack } from '../src/models/sam/index.js';
import { runInChild } from './child.js';
import { internVL3OneBPack } from './real-size-pack.js';
import type { BenchSuite, Figure } from './harness.js';

const internvlModule = new URL('../src/models/internvl/index.js', import.meta.url).href;
const samModule = new URL('../src/models/sam/index.js', import.meta.url).href;
const groundModule = new URL('../src/tasks/ground/index.js', import.meta.url).href;
const onnxModule = new URL('../src/onnx/index.js', import.meta.url).href;
const randomModule = new URL('../test/helpers/random.js', import.meta.url).href;

interface GroundRun {
  total: number;
  vision: number;
  prefill: number;
  sam: number;
  prefillWithoutAttention: number;
  words: number;
  promptTokens: number;
  maxRssMB: number;
}

/**
 * Times one ground() call by wrapping the model's and SAM's runners (pack load and one warm-up
 * tile excluded), then repeats the call's prefill with the same inputs and no attention rows.
 */
const groundInChild = `
import { loadInternVLPack } from '${internvlModule}';
import { loadSam } from '${samModule}';
import { ground } from '${groundModule}';
import { tensor } from '${onnxModule}';
import { seededRandom } from '${randomModule}';
const [pack, samDir, maxTiles] = process.argv.slice(1);
const random = seededRandom(3);
const [width, height] = [1024, 768];
const image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
const model = await loadInternVLPack(pack);
const sam = await loadSam(samDir);
const S = model.config.tileSize;
await model.encodeImages(tensor('float32', [1, 3, S, S]));
const timed = { vision: 0, prefill: 0, sam: 0 };
let lastPrefill;
const wrap = (target, name, bucket, keep) => {
  const original = target[name].bind(target);
  target[name] = async (input, ...rest) => {
    const start = performance.now();
    const out = await original(input, ...rest);
    timed[bucket] += (performance.now() - start) / 1000;
    if (keep) keep(input);
    return out;
  };
};
wrap(model, 'encodeImages', 'vision');
wrap(model, 'decode', 'prefill', (input) => { lastPrefill = input; });
wrap(sam, 'encodeImage', 'sam');
wrap(sam, 'decode', 'sam');
const start = performance.now();
const found = await ground(image, 'the dog next to the red ball on the left', { model, sam, maxTiles: Number(maxTiles) });
const total = (performance.now() - start) / 1000;
const withAttention = { ...timed };
const again = performance.now();
await model.decode({ ...lastPrefill, attentionRows: [] });
const prefillWithoutAttention = (performance.now() - again) / 1000;
const result = { total, ...withAttention, prefillWithoutAttention, words: found.structure.words.length, promptTokens: lastPrefill.inputsEmbeds.dims[1] };
await model.release();
await sam.release();`;

export const groundSuite: BenchSuite = {
  name: 'ground',
  async run(): Promise<Figure[]> {
    const maxTiles = Number(process.env.OWSEG_BENCH_GROUND_MAX_TILES ?? 12);
    const root = await mkdtemp(join(tmpdir(), 'owseg-ground-bench-'));
    try {
      const pack = await internVL3OneBPack(root);
      await writeTinySamPack(join(root, 'sam'), { layout: 'transformers-sam', seed: 1 });
      const run = await runInChild<GroundRun>(groundInChild, [pack, join(root, 'sam'), String(maxTiles)]);
      const post = run.total - run.vision - run.prefill - run.sam;
      const note = `1024×768, maxTiles ${maxTiles}, ${run.promptTokens}-token prompt, ${run.words} words, middle-third layers; tiny SAM`;
      return [
        { name: 'ground, one call', unit: 's', value: run.total, baseline: { name: 'its vision encoder', value: run.vision }, note: `${note}; peak ${run.maxRssMB.toFixed(0)} MB` },
        { name: 'ground: prefill returning attention', unit: 's', value: run.prefill, baseline: { name: 'the same prefill without attention rows', value: run.prefillWithoutAttention }, note: 'target ratio ≤ 1.3' },
        { name: 'ground: map post-processing and prompts', unit: 's', value: post, baseline: { name: 'whole call', value: run.total }, note: 'tokens → words, layers averaged, tiles stitched, points' },
        { name: 'ground: SAM (tiny pack)', unit: 's', value: run.sam, baseline: { name: 'whole call', value: run.total }, note: 'encoder once, one decoder call per entity' },
      ];
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
