/**
 * The web app's SAM decoder in Chromium (onnxruntime-web, wasm) per click, against owseg's Node
 * decoder (onnxruntime-node) for the same prompts on the same pack and picture, in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '../src/core/image/index.js';
import { loadSam, writeTinySamPack } from '../src/models/sam/index.js';
import { bestMaskIndex, segmentPrompt } from '../src/models/sam/segment.js';
import { seededRandom } from '../test/helpers/random.js';
import { clickPixel, SCENE, startAppSession, waitFor } from '../test/helpers/web-app.js';
import type { BenchSuite, Figure } from './harness.js';

const CLICKS = 50;
const WARM_UP = 5;
const WIDTH = 640;
const HEIGHT = 480;

export const webSuite: BenchSuite = {
  name: 'web',
  async run(): Promise<Figure[]> {
    const figures: Figure[] = [];
    // 32 channels: the test packs; 256: SAM's own embedding width, so the decoder's attention runs at full size.
    for (const channels of [32, 256]) figures.push(...(await clickLatency(channels)));
    return figures;
  },
};

async function clickLatency(channels: number): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-bench-web-'));
  try {
    const sam = join(dir, 'sam');
    await writeTinySamPack(sam, { layout: 'transformers-sam', seed: 1, embeddingChannels: channels });
    const random = seededRandom(14);
    const points = Array.from({ length: WARM_UP + CLICKS }, () => [Math.floor(random() * WIDTH), Math.floor(random() * HEIGHT)] as const);
    const browser = await browserMilliseconds(sam, points);
    const node = await nodeMilliseconds(sam, points);
    const note = `${CLICKS} one-point clicks on ${SCENE} (${WIDTH}×${HEIGHT}), tiny transformers-sam pack with ${channels}-channel embedding, three candidates + upscale + threshold per click`;
    return [
      { name: `browser decoder per click, median (${channels} ch)`, unit: 'ms', value: quantile(browser, 0.5), baseline: { name: 'Node decoder', value: quantile(node, 0.5) }, note },
      { name: `browser decoder per click, p90 (${channels} ch)`, unit: 'ms', value: quantile(browser, 0.9), baseline: { name: 'Node decoder', value: quantile(node, 0.9) }, note },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each click starts a new region (Enter finishes the last); the app reports the decode time of each. */
async function browserMilliseconds(sam: string, points: readonly (readonly [number, number])[]): Promise<number[]> {
  const app = await startAppSession({ layout: 'transformers-sam', seed: 1, packs: { sam } });
  try {
    const times: number[] = [];
    for (const [i, [x, y]] of points.entries()) {
      await clickPixel(app.page, x, y);
      const notice = app.page.locator('#notice', { hasText: new RegExp(`^Region ${i + 1}: decoded in the browser in`) });
      await waitFor(app.page, notice);
      if (i >= WARM_UP) times.push(Number(/in ([\d.]+) ms/.exec(await notice.innerText())![1]));
      await app.page.keyboard.press('Enter');
    }
    return times;
  } finally {
    await app.close();
  }
}

/** The same prompts through segmentPrompt in Node, as the app decodes them (three candidates, the best kept). */
async function nodeMilliseconds(sam: string, points: readonly (readonly [number, number])[]): Promise<number[]> {
  const model = await loadSam(sam);
  try {
    const embedding = await model.encodeImage(await loadImage(SCENE));
    const times: number[] = [];
    for (const [i, [x, y]] of points.entries()) {
      const started = performance.now();
      const result = await segmentPrompt(model, embedding, { points: [[x + 0.5, y + 0.5]], labels: [1], multimask: true });
      bestMaskIndex(result);
      if (i >= WARM_UP) times.push(performance.now() - started);
    }
    return times;
  } finally {
    await model.release();
  }
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
