/**
 * Everything-mode figures for `npm run bench`: SAM's automatic mask generator on a 1024 × 768 image
 * with a 32 × 32 grid through a tiny random SAM pack, then at SAM ViT-B size against the reference.
 */
import { deepStrictEqual } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSam, writeTinySamPack } from '../src/models/sam/index.js';
import { buildPointGrid } from '../src/tasks/everything/index.js';
import { benchPhoto } from './bench-photo.js';
import { postprocessing, shares, timedRun, type Timings } from './everything-timing.js';
import { vitBFigures } from './everything-vit-b.js';
import type { BenchSuite, Figure } from './harness.js';

const WIDTH = 1024;
const HEIGHT = 768;
const SIDE = 32;
/** The one-point-per-call baseline runs on the first points of the same grid: it is that slow. */
const BASELINE_POINTS = 64;
const LAYOUT = 'transformers-sam';
const CHANNELS = 32;

export const everythingSuite: BenchSuite = {
  name: 'everything',
  async run(): Promise<Figure[]> {
    return [...(await tinyFigures()), ...(await vitBFigures())];
  },
};

async function tinyFigures(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-bench-everything-'));
  try {
    await writeTinySamPack(dir, { layout: LAYOUT, seed: 1, embeddingChannels: CHANNELS });
    const model = await loadSam(dir);
    try {
      const image = benchPhoto(WIDTH, HEIGHT);
      const grid = buildPointGrid(SIDE);
      const batched = await timedRun(model, image, { pointGrids: [grid], pointsPerBatch: 64 });
      const materialised = await timedRun(model, image, { pointGrids: [grid], pointsPerBatch: 64 }, 'materialised');
      deepStrictEqual(batched.masks, materialised.masks, 'fused and materialised postprocessing keep the same masks');
      const single = await timedRun(model, image, { pointGrids: [grid.subarray(0, BASELINE_POINTS * 2)], pointsPerBatch: 1 });
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
          name: 'postprocessing (upscale, stability, binarise, box, RLE, NMS)',
          unit: 's',
          value: postprocessing(batched) / 1000,
          baseline: { name: 'each mask upscaled in full, then compared', value: postprocessing(materialised) / 1000 },
          note: `${batched.thresholded} masks past the IoU filter, ${batched.masks.length} kept, the same by both; fused: ${shares(batched)}; materialised: ${shares(materialised)}`,
        },
      ];
    } finally {
      await model.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
