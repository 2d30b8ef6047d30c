/**
 * WOW-Seg naming at real InternVL3-1B size, random weights, on a 1024×768 image with N blob masks: parallel
 * vs sequential vs the reference procedure, and fp32 against int8 / int4 packs (size, accuracy, speed, memory).
 * Env: OWSEG_BENCH_NAMING_N (comma list, default "1,8"), OWSEG_BENCH_NAMING_MAX_TILES (default 12, as the reference),
 * OWSEG_BENCH_NAMING_REFERENCE_CALLS (reference calls actually run per N, default 3, "all" for N, 0 to skip; the rest is projected),
 * OWSEG_BENCH_NAMING_WEIGHTS (pack formats, comma list, default "fp32,int8,int4"; fp32 comes first when listed).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tileGrid } from '../src/tasks/name/preprocess/index.js';
import { runInChild } from './child.js';
import { internVL3OneBPacks, type RealSizePack } from './real-size-pack.js';
import { weightAccuracyFigures } from './weights-accuracy.js';
import { parseWeightFormat, type WeightFormat } from '../src/models/internvl/index.js';
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

/** How many reference calls to run for N masks: OWSEG_BENCH_NAMING_REFERENCE_CALLS, "all", 0 (none) or default 3. */
function referenceCalls(n: number): number {
  const setting = process.env.OWSEG_BENCH_NAMING_REFERENCE_CALLS ?? '3';
  if (setting === 'all') return n;
  const calls = Number(setting);
  if (!Number.isInteger(calls) || calls < 0) throw new Error('OWSEG_BENCH_NAMING_REFERENCE_CALLS must be a whole number or "all"');
  return Math.min(n, calls);
}

/** OWSEG_BENCH_NAMING_WEIGHTS, fp32 first so that every other format has its baseline. */
function weightFormats(): WeightFormat[] {
  const formats = (process.env.OWSEG_BENCH_NAMING_WEIGHTS ?? 'fp32,int8,int4').split(',').map((s) => parseWeightFormat(s.trim(), 'OWSEG_BENCH_NAMING_WEIGHTS'));
  return [...new Set(formats)].sort((a, b) => Number(b === 'fp32') - Number(a === 'fp32'));
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
      const packs = await internVL3OneBPacks(root, weightFormats());
      const fp32 = packs.find((p) => p.weights === 'fp32');
      log(`packs: ${packs.map((p) => `${p.weights} ${(p.bytes / 1e6).toFixed(0)} MB in ${p.convertSeconds.toFixed(0)} s`).join(', ')}`);
      const figures: Figure[] = [...packFigures(packs, fp32)];
      figures.push(...(await weightAccuracyFigures(packs, root)));
      for (const n of counts) {
        const sample = spreadIndices(n, referenceCalls(n));
        const args = (pack: RealSizePack, mode: string): string[] => [pack.dir, mode, String(n), String(maxTiles), String(maxNewTokens), sample.join(',')];
        const grid = tileGrid(imageWidth, imageHeight, { maxTiles });
        const wholeTiles = grid.cols * grid.rows + (grid.cols * grid.rows > 1 ? 1 : 0);
        const setting = `N=${n}, ${wholeTiles} whole-image tile(s) (maxTiles ${maxTiles}), maxNewTokens ${maxNewTokens}`;
        const parallel = new Map<WeightFormat, NamingRun>();
        for (const pack of packs) {
          const run = await runInChild<NamingRun>(nameInChild, args(pack, 'parallel'));
          parallel.set(pack.weights, run);
          log(`N=${n} ${pack.weights} parallel ${run.seconds.toFixed(1)} s, vision ${sum(run.calls).toFixed(1)} s, peak ${run.maxRssMB.toFixed(0)} MB`);
        }
        if (fp32) figures.push(...(await modeFigures(fp32, parallel.get('fp32')!, n, sample, setting, args)));
        for (const pack of packs.filter((p) => p.weights !== 'fp32')) figures.push(...formatFigures(pack.weights, parallel.get(pack.weights)!, fp32 && parallel.get('fp32'), n, setting));
      }
      return figures;
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};

function packFigures(packs: readonly RealSizePack[], fp32: RealSizePack | undefined): Figure[] {
  if (!fp32) return [];
  return packs
    .filter((p) => p.weights !== 'fp32')
    .map((pack) => ({
      name: `pack size on disk, ${pack.weights}`,
      unit: 'MB',
      value: pack.bytes / 1e6,
      baseline: { name: 'fp32 pack', value: fp32.bytes / 1e6 },
      note: `converted from the bf16 checkpoint in ${pack.convertSeconds.toFixed(0)} s (fp32: ${fp32.convertSeconds.toFixed(0)} s)`,
    }));
}

/** fp32: parallel against owseg's sequential mode and the reference procedure, with the vision and decoder shares of each. */
async function modeFigures(
  pack: RealSizePack,
  parallel: NamingRun,
  n: number,
  sample: number[],
  setting: string,
  args: (pack: RealSizePack, mode: string) => string[],
): Promise<Figure[]> {
  const sequential = await runInChild<NamingRun>(nameInChild, args(pack, 'sequential'));
  log(`N=${n} fp32 sequential ${sequential.seconds.toFixed(1)} s, vision ${sum(sequential.calls).toFixed(1)} s, peak ${sequential.maxRssMB.toFixed(0)} MB`);
  const sameVisionCalls = JSON.stringify(parallel.calls.map((c) => c.tiles)) === JSON.stringify(sequential.calls.map((c) => c.tiles));
  const figures: Figure[] = [
    {
      name: `parallel naming vs owseg's sequential mode, N=${n}`,
      unit: 's',
      value: parallel.seconds,
      baseline: { name: 'sequential mode (whole image and shared prefix once)', value: sequential.seconds },
      note: 'fp32; pack load and one warm-up tile excluded',
    },
    {
      name: `naming outside the vision encoder, parallel vs sequential, N=${n}`,
      unit: 's',
      value: parallel.seconds - sum(parallel.calls),
      baseline: { name: 'sequential', value: sequential.seconds - sum(sequential.calls) },
      note: `the part the modes do differently; vision ${sum(parallel.calls).toFixed(1)} s vs ${sum(sequential.calls).toFixed(1)} s for ${sameVisionCalls ? 'the same' : 'DIFFERENT'} calls (${parallel.calls.map((c) => c.tiles).join('+')} tiles)`,
    },
    {
      name: `peak RSS parallel, N=${n}`,
      unit: 'MB',
      value: parallel.maxRssMB,
      baseline: { name: 'peak RSS sequential', value: sequential.maxRssMB },
      note: 'child process VmHWM, incl. the loaded fp32 pack',
    },
  ];
  if (sample.length === 0) return figures;
  const reference = await runInChild<NamingRun>(nameInChild, args(pack, 'reference'));
  const perCall = reference.perCall;
  const mean = perCall.reduce((a, b) => a + b, 0) / perCall.length;
  const referenceSeconds = perCall.length === n ? reference.seconds : mean * n;
  log(`N=${n} reference ${perCall.length} calls on masks ${sample.join(',')}: ${perCall.map((s) => s.toFixed(1)).join(', ')} s, peak ${reference.maxRssMB.toFixed(0)} MB`);
  const spread = `${Math.min(...perCall).toFixed(1)}–${Math.max(...perCall).toFixed(1)} s per call`;
  const howMeasured = perCall.length === n ? `all ${n} calls run (${spread})` : `${perCall.length} of ${n} calls run on masks ${sample.join(', ')} (${spread}), mean × ${n}`;
  figures.unshift({
    name: `parallel naming vs the reference procedure, N=${n}`,
    unit: 's',
    value: parallel.seconds,
    baseline: { name: 'one sequential call per mask (whole image and prefix recomputed each time)', value: referenceSeconds },
    note: `fp32; ${setting}; ${howMeasured}`,
  });
  return figures;
}

/** A quantised pack's parallel naming against fp32's: time, vision time, peak memory. */
function formatFigures(weights: WeightFormat, run: NamingRun, fp32: NamingRun | undefined, n: number, setting: string): Figure[] {
  if (!fp32) return [];
  return [
    {
      name: `parallel naming, ${weights} pack vs fp32 pack, N=${n}`,
      unit: 's',
      value: run.seconds,
      baseline: { name: 'fp32 pack, parallel', value: fp32.seconds },
      note: setting,
    },
    {
      name: `vision encoder, ${weights} pack vs fp32 pack, N=${n}`,
      unit: 's',
      value: sum(run.calls),
      baseline: { name: 'fp32 pack', value: sum(fp32.calls) },
      note: `vision share ${((100 * sum(run.calls)) / run.seconds).toFixed(0)} % (fp32 ${((100 * sum(fp32.calls)) / fp32.seconds).toFixed(0)} %)`,
    },
    {
      name: `peak RSS naming, ${weights} pack vs fp32 pack, N=${n}`,
      unit: 'MB',
      value: run.maxRssMB,
      baseline: { name: 'fp32 pack', value: fp32.maxRssMB },
      note: 'child process VmHWM, parallel mode',
    },
  ];
}
