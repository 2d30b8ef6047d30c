/**
 * Everything-mode figures for `npm run bench`: SAM's automatic mask generator on a 1024 × 768 image
 * with a 32 × 32 grid through a tiny random SAM pack, batched against one point per decoder call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RgbImage } from '../src/core/image/index.js';
import { loadSam, writeTinySamPack, type SamModel } from '../src/models/sam/index.js';
import { buildPointGrid, generateEverything, samPredictor, type SamRunner } from '../src/tasks/everything/index.js';
import { seededRandom } from '../test/helpers/random.js';
import type { BenchSuite, Figure } from './harness.js';

const WIDTH = 1024;
const HEIGHT = 768;
const SIDE = 32;
/** The one-point-per-call baseline runs on the first points of the same grid: it is that slow. */
const BASELINE_POINTS = 64;
const LAYOUT = 'transformers-sam';
const CHANNELS = 32;

interface Timings {
  total: number;
  encode: number;
  decode: number;
  upscale: number;
  prompts: number;
}

export const everythingSuite: BenchSuite = {
  name: 'everything',
  async run(): Promise<Figure[]> {
    const dir = await mkdtemp(join(tmpdir(), 'owseg-bench-everything-'));
    try {
      await writeTinySamPack(dir, { layout: LAYOUT, seed: 1, embeddingChannels: CHANNELS });
      const model = await loadSam(dir);
      try {
        const image = photo(WIDTH, HEIGHT);
        const grid = buildPointGrid(SIDE);
        const batched = await timedRun(model, image, grid, 64);
        const single = await timedRun(model, image, grid.subarray(0, BASELINE_POINTS * 2), 1);
        const perPrompt = (t: Timings): number => t.prompts / ((t.total - t.encode) / 1000);
        const note = `${WIDTH}×${HEIGHT}, ${SIDE}×${SIDE} grid, default thresholds, tiny random ${LAYOUT} pack (${CHANNELS}-channel embedding)`;
        return [
          {
            name: 'generator, batches of 64 points',
            unit: 'prompts/s',
            value: perPrompt(batched),
            baseline: { name: `one point per decoder call (first ${BASELINE_POINTS} points)`, value: perPrompt(single) },
            note: `${note}; image encoder excluded; whole run ${(batched.total / 1000).toFixed(1)} s`,
          },
          {
            name: 'decoder alone, batches of 64',
            unit: 'prompts/s',
            value: batched.prompts / (batched.decode / 1000),
            baseline: { name: 'decoder alone, one prompt per call', value: single.prompts / (single.decode / 1000) },
          },
          {
            name: 'share of time in the image encoder',
            unit: '%',
            value: (100 * batched.encode) / batched.total,
            baseline: { name: 'share in upscaling mask logits', value: (100 * batched.upscale) / batched.total },
            note: `encoder ${batched.encode.toFixed(0)} ms, decoder ${batched.decode.toFixed(0)} ms, upscaling ${batched.upscale.toFixed(0)} ms, rest (filters, NMS, RLE) ${(batched.total - batched.encode - batched.decode - batched.upscale).toFixed(0)} ms`,
          },
        ];
      } finally {
        await model.release();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** One generator run with every runner call timed. */
async function timedRun(model: SamModel, image: RgbImage, grid: Float64Array, pointsPerBatch: number): Promise<Timings> {
  const t: Timings = { total: 0, encode: 0, decode: 0, upscale: 0, prompts: grid.length / 2 };
  const runner: SamRunner = {
    encodeImage: async (img) => {
      const start = performance.now();
      const out = await model.encodeImage(img);
      t.encode += performance.now() - start;
      return out;
    },
    decode: async (embedding, prompts) => {
      const start = performance.now();
      const out = await model.decode(embedding, prompts);
      t.decode += performance.now() - start;
      return out;
    },
    thresholdLogits: (embedding, lowRes, index, thresholds, mask, rowCounts) => {
      const start = performance.now();
      model.thresholdLogits(embedding, lowRes, index, thresholds, mask, rowCounts);
      t.upscale += performance.now() - start;
    },
  };
  const start = performance.now();
  await generateEverything(samPredictor(runner), image, { pointGrids: [grid], pointsPerBatch });
  t.total = performance.now() - start;
  return t;
}

/** Smooth gradients plus noise, so the encoder's resize has real work. */
function photo(width: number, height: number): RgbImage {
  const random = seededRandom(7);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.min(255, (225 * x) / width + random() * 30);
      data[i + 1] = Math.min(255, (225 * y) / height + random() * 30);
      data[i + 2] = 128 + 100 * Math.sin((x + y) / 40);
    }
  }
  return { width, height, data };
}
