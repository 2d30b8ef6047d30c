/**
 * RAS referring at real InternVL3-1B size, random weights: N candidates scored in one pass against
 * one refer() call per candidate (image and context computed again each time), 1024×768 image.
 * Env: OWSEG_BENCH_REFER_N (default 100), OWSEG_BENCH_REFER_MAX_TILES (default 12),
 * OWSEG_BENCH_REFER_SINGLE_CALLS (per-candidate calls actually run, default 3; the rest is projected).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInChild } from './child.js';
import { internVL3OneBPack } from './real-size-pack.js';
import type { BenchSuite, Figure } from './harness.js';

const internvlModule = new URL('../src/models/internvl/index.js', import.meta.url).href;
const referModule = new URL('../src/tasks/refer/index.js', import.meta.url).href;
const onnxModule = new URL('../src/onnx/index.js', import.meta.url).href;
const randomModule = new URL('../test/helpers/random.js', import.meta.url).href;

const [imageWidth, imageHeight] = [1024, 768];

interface ReferRun {
  seconds: number;
  /** Single mode: wall seconds of each one-candidate call. */
  perCall: number[];
  maxRssMB: number;
}

/**
 * Scores N candidates in its own process: "pass" is refer() over all of them; "single" calls
 * refer() once per listed candidate. Pack load and one warm-up tile are excluded from the time.
 */
const referInChild = `
import { loadInternVLPack } from '${internvlModule}';
import { refer } from '${referModule}';
import { tensor } from '${onnxModule}';
import { blobMask, seededRandom } from '${randomModule}';
const [pack, mode, n, maxTiles, maskTokens, singles] = process.argv.slice(1);
const [width, height] = [${imageWidth}, ${imageHeight}];
const random = seededRandom(9);
const image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
const candidates = Array.from({ length: Number(n) }, () => blobMask(height, width, 2, random));
const model = await loadInternVLPack(pack);
const S = model.config.tileSize;
await model.encodeImages(tensor('float32', [1, 3, S, S]));
const options = { model, maxTiles: Number(maxTiles), maskTokens };
const text = 'all the round things on the left';
const perCall = [];
const start = performance.now();
if (mode === 'single') {
  for (const index of singles.split(',').map(Number)) {
    const callStart = performance.now();
    await refer(image, text, { ...options, candidates: [candidates[index]] });
    perCall.push((performance.now() - callStart) / 1000);
  }
} else {
  await refer(image, text, { ...options, candidates });
}
const result = { seconds: (performance.now() - start) / 1000, perCall };
await model.release();`;

function envInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function log(line: string): void {
  console.error(`[refer bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

export const referSuite: BenchSuite = {
  name: 'refer',
  async run(): Promise<Figure[]> {
    const n = envInteger('OWSEG_BENCH_REFER_N', 100);
    const maxTiles = envInteger('OWSEG_BENCH_REFER_MAX_TILES', 12);
    const singleCalls = Math.min(n, envInteger('OWSEG_BENCH_REFER_SINGLE_CALLS', 3));
    const root = await mkdtemp(join(tmpdir(), 'owseg-refer-bench-'));
    try {
      const pack = await internVL3OneBPack(root);
      const sample = Array.from({ length: singleCalls }, (_, k) => Math.floor(((k + 0.5) * n) / singleCalls));
      const figures: Figure[] = [];
      for (const maskTokens of ['pool', 'mask2token']) {
        const args = (mode: string): string[] => [pack, mode, String(n), String(maxTiles), maskTokens, sample.join(',')];
        const pass = await runInChild<ReferRun>(referInChild, args('pass'));
        log(`${maskTokens}: one pass over ${n} candidates ${pass.seconds.toFixed(1)} s, peak ${pass.maxRssMB.toFixed(0)} MB`);
        const single = await runInChild<ReferRun>(referInChild, args('single'));
        const mean = single.perCall.reduce((a, b) => a + b, 0) / single.perCall.length;
        const projected = single.perCall.length === n ? single.seconds : mean * n;
        log(`${maskTokens}: one call per candidate on ${sample.join(',')}: ${single.perCall.map((s) => s.toFixed(1)).join(', ')} s, peak ${single.maxRssMB.toFixed(0)} MB`);
        const spread = `${Math.min(...single.perCall).toFixed(1)}–${Math.max(...single.perCall).toFixed(1)} s per call`;
        figures.push(
          {
            name: `refer, ${n} candidates (${maskTokens}), one pass`,
            unit: 's',
            value: pass.seconds,
            baseline: { name: 'one refer() call per candidate (image and context recomputed)', value: projected },
            note: `maxTiles ${maxTiles}; ${single.perCall.length === n ? `all ${n} calls run` : `${single.perCall.length} of ${n} calls run (${spread}), mean × ${n}`}; ratio < 1 means the pass is faster`,
          },
          {
            name: `peak RSS, one pass (${maskTokens})`,
            unit: 'MB',
            value: pass.maxRssMB,
            baseline: { name: 'one call per candidate', value: single.maxRssMB },
            note: 'child process VmHWM, incl. the loaded fp32 pack',
          },
        );
      }
      return figures;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
