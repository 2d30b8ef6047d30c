/**
 * WOW-Seg naming at real InternVL3-1B size, random weights: parallel vs sequential on a 1024×768 image with N blob masks.
 * Env: OWSEG_BENCH_NAMING_N (comma list, default "1,8"), OWSEG_BENCH_NAMING_MAX_TILES (default 12, as the reference),
 * OWSEG_BENCH_NAMING_REFERENCE_CALLS (reference calls actually run per N, default 3, "all" for N; the rest is projected).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tileGrid } from '../src/tasks/name/preprocess/index.js';
import { runInChild } from './child.js';
import { internVL3OneBPack } from './real-size-pack.js';
import type { BenchSuite, Figure } from './harness.js';

const internvlModule = new URL('../src/models/internvl/index.js', import.meta.url).href;
const nameModule = new URL('../src/tasks/name/index.js', import.meta.url).href;
const onnxModule = new URL('../src/onnx/index.js', import.meta.url).href;
const randomModule = new URL('../test/helpers/random.js', import.meta.url).href;

const [imageWidth, imageHeight] = [1024, 768];

/** Random weights never emit the separator, so every answer runs to this limit; kept small (the reference's is 100). */
const maxNewTokens = 8;

/** One vision-encoder call: how many 448 tiles went in and how long it took. */
interface EncodeCall {
  tiles: number;
  seconds: number;
}

interface NamingRun {
  seconds: number;
  calls: EncodeCall[];
  /** Reference mode only: wall seconds of each one-mask call. */
  perCall: number[];
  maxRssMB: number;
}

/**
 * Names N masks in one mode in its own process, timing every model.encodeImages call (whole-image
 * tiles and crops, in batches; see encodeForNaming). Sequential
 * mode encodes the whole image and computes the shared prompt prefix once and reuses both for
 * every mask; only each mask's crop, region block and answer are per mask. "reference" is the
 * reference evaluation's procedure: one sequential call per mask, so the whole image and the
 * prompt prefix are computed again for every mask; it runs only the masks listed in its last
 * argument (comma-separated indices).
 */
const nameInChild = `
import { loadInternVLPack } from '${internvlModule}';
import { nameRegions } from '${nameModule}';
import { tensor } from '${onnxModule}';
import { blobMask, seededRandom } from '${randomModule}';
const [pack, mode, n, maxTiles, maxNewTokens, referenceMasks] = process.argv.slice(1);
const [width, height] = [${imageWidth}, ${imageHeight}];
const random = seededRandom(7);
const image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
const masks = Array.from({ length: Number(n) }, () => blobMask(height, width, 2, random));
const model = await loadInternVLPack(pack);
const S = model.config.tileSize;
await model.encodeImages(tensor('float32', [1, 3, S, S]));
const calls = [];
const encode = model.encodeImages.bind(model);
model.encodeImages = async (pixels) => {
  const start = performance.now();
  const out = await encode(pixels);
  calls.push({ tiles: pixels.dims[0], seconds: (performance.now() - start) / 1000 });
  return out;
};
const options = { model, maxTiles: Number(maxTiles), maxNewTokens: Number(maxNewTokens) };
const perCall = [];
const start = performance.now();
if (mode === 'reference') {
  for (const index of referenceMasks.split(',').map(Number)) {
    const callStart = performance.now();
    await nameRegions(image, [masks[index]], { ...options, mode: 'sequential' });
    perCall.push((performance.now() - callStart) / 1000);
  }
} else {
  await nameRegions(image, masks, { ...options, mode });
}
const result = { seconds: (performance.now() - start) / 1000, calls, perCall };
await model.release();`;

function envIntegers(name: string, fallback: string): number[] {
  const values = (process.env[name] ?? fallback).split(',').map((s) => Number(s.trim()));
  if (values.length === 0 || !values.every((v) => Number.isInteger(v) && v > 0)) throw new Error(`${name} must be a comma list of positive integers`);
  return values;
}

const sum = (calls: readonly EncodeCall[]): number => calls.reduce((s, c) => s + c.seconds, 0);

/** How many reference calls to run for N masks: OWSEG_BENCH_NAMING_REFERENCE_CALLS, "all", or default 3. */
function referenceCalls(n: number): number {
  const setting = process.env.OWSEG_BENCH_NAMING_REFERENCE_CALLS ?? '3';
  if (setting === 'all') return n;
  const calls = Number(setting);
  if (!Number.isInteger(calls) || calls < 1) throw new Error('OWSEG_BENCH_NAMING_REFERENCE_CALLS must be a positive integer or "all"');
  return Math.min(n, calls);
}

/** `count` mask indices spread evenly over 0 … n − 1, so the sample spans small and large masks alike. */
function spreadIndices(n: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * n) / count));
}

/** Progress on stderr, so a long run that is cut off still leaves its finished measurements. */
function log(line: string): void {
  console.error(`[naming bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

export const namingSuite: BenchSuite = {
  name: 'naming',
  async run(): Promise<Figure[]> {
    const counts = envIntegers('OWSEG_BENCH_NAMING_N', '1,8');
    const [maxTiles] = envIntegers('OWSEG_BENCH_NAMING_MAX_TILES', '12');
    const root = await mkdtemp(join(tmpdir(), 'owseg-naming-bench-'));
    try {
      const pack = await internVL3OneBPack(root);

      const figures: Figure[] = [];
      for (const n of counts) {
        const sample = spreadIndices(n, referenceCalls(n));
        const args = (mode: string): string[] => [pack, mode, String(n), String(maxTiles), String(maxNewTokens), sample.join(',')];
        const parallel = await runInChild<NamingRun>(nameInChild, args('parallel'));
        log(`N=${n} parallel ${parallel.seconds.toFixed(1)} s, vision ${sum(parallel.calls).toFixed(1)} s, peak ${parallel.maxRssMB.toFixed(0)} MB`);
        const sequential = await runInChild<NamingRun>(nameInChild, args('sequential'));
        log(`N=${n} sequential ${sequential.seconds.toFixed(1)} s, vision ${sum(sequential.calls).toFixed(1)} s, peak ${sequential.maxRssMB.toFixed(0)} MB`);
        const reference = await runInChild<NamingRun>(nameInChild, args('reference'));
        const perCall = reference.perCall;
        const mean = perCall.reduce((a, b) => a + b, 0) / perCall.length;
        const referenceSeconds = perCall.length === n ? reference.seconds : mean * n;
        log(`N=${n} reference ${perCall.length} calls on masks ${sample.join(',')}: ${perCall.map((s) => s.toFixed(1)).join(', ')} s, peak ${reference.maxRssMB.toFixed(0)} MB`);
        const grid = tileGrid(imageWidth, imageHeight, { maxTiles });
        const wholeTiles = grid.cols * grid.rows + (grid.cols * grid.rows > 1 ? 1 : 0);
        const setting = `N=${n}, ${wholeTiles} whole-image tile(s) (maxTiles ${maxTiles}), maxNewTokens ${maxNewTokens}`;
        const spread = `${Math.min(...perCall).toFixed(1)}–${Math.max(...perCall).toFixed(1)} s per call`;
        const howMeasured =
          perCall.length === n
            ? `all ${n} calls run (${spread})`
            : `${perCall.length} of ${n} calls run on masks ${sample.join(', ')} (${spread}), mean × ${n}`;
        figures.push(
          {
            name: `parallel naming vs the reference procedure, N=${n}`,
            unit: 's',
            value: parallel.seconds,
            baseline: { name: 'one sequential call per mask (whole image and prefix recomputed each time)', value: referenceSeconds },
            note: `${setting}; ${howMeasured}`,
          },
          {
            name: `parallel naming vs owseg's sequential mode, N=${n}`,
            unit: 's',
            value: parallel.seconds,
            baseline: { name: 'sequential mode (whole image and shared prefix once)', value: sequential.seconds },
            note: 'pack load and one warm-up tile excluded',
          },
          {
            name: `peak RSS parallel, N=${n}`,
            unit: 'MB',
            value: parallel.maxRssMB,
            baseline: { name: 'peak RSS sequential', value: sequential.maxRssMB },
            note: `child process VmHWM, incl. the loaded fp32 pack; reference procedure ${reference.maxRssMB.toFixed(0)} MB`,
          },
          {
            name: `vision encoder in parallel, N=${n}`,
            unit: 's',
            value: sum(parallel.calls),
            baseline: { name: 'parallel total', value: parallel.seconds },
            note: 'ratio = vision share of naming time',
          },
          {
            name: `vision encoder in sequential, N=${n}`,
            unit: 's',
            value: sum(sequential.calls),
            baseline: { name: 'sequential total', value: sequential.seconds },
            note: 'ratio = vision share of naming time',
          },
        );
      }
      return figures;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
