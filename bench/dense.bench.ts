/**
 * ROSE-style dense naming on one 1024×768 picture: SAM everything-mode with the coverage pass (a
 * tiny SAM: no real-size SAM pack is written yet), the top N named at real InternVL3-1B size with
 * random weights, and the assembly; the time split and the assembly's share.
 * Env: OWSEG_BENCH_DENSE_TOP_N (default 30), OWSEG_BENCH_DENSE_MAX_TILES (default 12).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinySamPack } from '../src/models/sam/index.js';
import { runInChild } from './child.js';
import type { BenchSuite, Figure } from './harness.js';
import { internVL3OneBPack } from './real-size-pack.js';

const denseModule = new URL('../src/tasks/dense/index.js', import.meta.url).href;
const randomModule = new URL('../test/helpers/random.js', import.meta.url).href;

interface DenseRun {
  total: number;
  sam: number;
  naming: number;
  assembly: number;
  candidates: number;
  kept: number;
  segments: number;
  maxRssMB: number;
}

/** One dense() call on a picture of blobs (so SAM has edges to find), models loaded inside. */
const denseInChild = `
import { dense } from '${denseModule}';
import { blobMask, seededRandom } from '${randomModule}';
const [pack, sam, topN, maxTiles] = process.argv.slice(1);
const [width, height] = [1024, 768];
const random = seededRandom(5);
const data = new Uint8Array(width * height * 3);
for (let k = 0; k < 12; k++) {
  const blob = blobMask(height, width, 1, random);
  const colour = [random() * 255, random() * 255, random() * 255];
  for (let i = 0; i < blob.data.length; i++) if (blob.data[i]) for (let c = 0; c < 3; c++) data[3 * i + c] = colour[c];
}
const image = { width, height, data };
const start = performance.now();
const found = await dense(image, { sam, model: pack, topN: Number(topN), naming: { maxTiles: Number(maxTiles), maxNewTokens: 8 }, everything: { predIouThresh: 0, stabilityScoreThresh: 0 } });
const total = (performance.now() - start) / 1000;
const result = { total, ...found.timings, candidates: found.candidates, kept: found.kept.length, segments: found.regions.length };`;

export const denseSuite: BenchSuite = {
  name: 'dense',
  async run(): Promise<Figure[]> {
    const topN = Number(process.env.OWSEG_BENCH_DENSE_TOP_N ?? 30);
    const maxTiles = Number(process.env.OWSEG_BENCH_DENSE_MAX_TILES ?? 12);
    const root = await mkdtemp(join(tmpdir(), 'owseg-dense-bench-'));
    try {
      const pack = await internVL3OneBPack(root);
      await writeTinySamPack(join(root, 'sam'), { layout: 'transformers-sam', seed: 1 });
      const run = await runInChild<DenseRun>(denseInChild, [pack, join(root, 'sam'), String(topN), String(maxTiles)]);
      const note = `1024×768, ${run.candidates} candidates, top ${topN} kept (${run.kept}), ${run.segments} segments, maxTiles ${maxTiles}; tiny SAM; peak ${run.maxRssMB.toFixed(0)} MB`;
      return [
        { name: 'dense, one picture', unit: 's', value: run.total, baseline: { name: 'its naming pass', value: run.naming }, note },
        { name: 'dense: assembly', unit: 's', value: run.assembly, baseline: { name: 'whole call', value: run.total }, note: 'target ratio < 0.05: thing/stuff, assembly, stuff merging' },
        { name: 'dense: SAM candidates and coverage', unit: 's', value: run.sam, baseline: { name: 'whole call', value: run.total }, note: 'tiny SAM' },
      ];
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
