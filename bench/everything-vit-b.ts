/**
 * Everything-mode at SAM ViT-B size: owseg on an exported official ONNX pair against
 * segment-anything's own SamAutomaticMaskGenerator (PyTorch CPU) with the same seeded random weights.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { iou, type UncompressedRle } from '../src/core/rle/index.js';
import { loadSam, officialSamPreprocess, writeSamManifest } from '../src/models/sam/index.js';
import type { EverythingMask, EverythingOptions } from '../src/tasks/everything/index.js';
import { benchPhoto } from './bench-photo.js';
import { postprocessing, shares, timedRun } from './everything-timing.js';
import type { Figure } from './harness.js';

const WIDTH = 1024;
const HEIGHT = 768;
const PYTHON = process.env.OWSEG_PYTHON ?? '/usr/bin/python3';
const DRIVER = new URL('../../tools/bench/sam_vit_b.py', import.meta.url).pathname;
const ENCODER = 'sam_vit_b.encoder.onnx';
const DECODER = 'sam_vit_b.decoder.onnx';
/** A mask counts as found by the other side when some mask there overlaps it at this IoU. */
const MATCH_IOU = 0.99;

/**
 * The reference's defaults, then thresholds lowered for random weights (the same for both sides):
 * their predicted IoUs stay below 0.1 and their logits within ±0.4, so the defaults (IoU > 0.88,
 * stability with offset 1 ≥ 0.95) keep nothing. With the IoU filter off, offset 0.05 and stability
 * ≥ 0.3, every mask goes through the postprocessing and hundreds pass; their boxes nearly all span
 * the image, so box NMS (off here) would leave one of them to compare.
 */
const SETTINGS: { name: string; owseg: EverythingOptions; reference: Record<string, number> }[] = [
  { name: 'defaults', owseg: {}, reference: {} },
  {
    name: 'lowered thresholds (IoU filter off, stability offset 0.05, stability ≥ 0.3, box NMS off)',
    owseg: { predIouThresh: 0, stabilityScoreOffset: 0.05, stabilityScoreThresh: 0.3, boxNmsThresh: 1 },
    reference: { pred_iou_thresh: 0, stability_score_offset: 0.05, stability_score_thresh: 0.3, box_nms_thresh: 1 },
  },
];

interface ReferenceRun {
  seconds: number;
  encodeSeconds: number;
  threads: number;
  masks: { runs: number; predictedIou: number; stabilityScore: number }[];
}

/** Figures for each setting, or none (with the reason printed) when the reference is not set up. */
export async function vitBFigures(): Promise<Figure[]> {
  const repo = process.env.OWSEG_BENCH_SAM_REPO;
  const missing = repo === undefined ? 'OWSEG_BENCH_SAM_REPO is not set' : missingPython();
  if (missing !== undefined) {
    console.log(
      `everything: ViT-B figures skipped: ${missing}. They need a checkout of facebookresearch/segment-anything named by OWSEG_BENCH_SAM_REPO and Debian's python3-torch, python3-torchvision and python3-onnx (docs/everything.md).`,
    );
    return [];
  }
  const work = process.env.OWSEG_BENCH_SAM_WORK ?? join(tmpdir(), 'owseg-bench-sam-vit-b');
  const pack = await vitBPack(work);
  const imageFile = join(work, 'photo.rgb');
  const image = benchPhoto(WIDTH, HEIGHT);
  await writeFile(imageFile, image.data);
  const model = await loadSam(pack);
  const figures: Figure[] = [];
  try {
    for (const setting of SETTINGS) {
      const loadBefore = loadavg()[0]!;
      const countsFile = join(work, 'reference-counts.bin');
      const reference = await runReference({ checkpoint: join(work, 'sam_vit_b_random.pth'), image: imageFile, width: WIDTH, height: HEIGHT, options: setting.reference, counts: countsFile });
      const ours = await timedRun(model, image, setting.owseg);
      const loadAfter = loadavg()[0]!;
      const found = matches(ours.masks, referenceMasks(reference, await readFile(countsFile)));
      const seconds = ours.total / 1000;
      figures.push({
        name: `ViT-B, ${setting.name}: end to end (encoder included)`,
        unit: 's',
        value: seconds,
        baseline: { name: `SamAutomaticMaskGenerator, PyTorch CPU (${reference.threads} threads)`, value: reference.seconds },
        note:
          `${(reference.seconds / seconds).toFixed(2)}× faster; masks owseg ${ours.masks.length}, reference ${reference.masks.length}; ` +
          `IoU ≥ ${MATCH_IOU}: ${found.ours} of owseg's in the reference, ${found.reference} of the reference's in owseg's; ` +
          `owseg ${shares(ours)}, ${ours.thresholded} masks thresholded; reference encoder ${reference.encodeSeconds.toFixed(1)} s; ` +
          `load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
      });
      figures.push({
        name: `ViT-B, ${setting.name}: owseg postprocessing`,
        unit: 's',
        value: postprocessing(ours) / 1000,
        baseline: { name: 'owseg decoder', value: ours.decode / 1000 },
        note: `image encoder ${(ours.encode / 1000).toFixed(1)} s`,
      });
    }
  } finally {
    await model.release();
  }
  return figures;
}

/** Why the Python side cannot run, or undefined when torch, torchvision and onnx import. */
function missingPython(): string | undefined {
  for (const module of ['torch', 'torchvision', 'onnx']) {
    try {
      execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
    } catch {
      return `${PYTHON} cannot import ${module}`;
    }
  }
  return undefined;
}

/** The exported ViT-B pair under `work`/official as an owseg pack, exported once and reused. */
async function vitBPack(work: string): Promise<string> {
  const pack = join(work, 'official');
  if (!existsSync(join(pack, DECODER)) || !existsSync(join(work, 'sam_vit_b_random.pth'))) {
    await mkdir(work, { recursive: true });
    console.log(`everything: exporting SAM ViT-B with random weights into ${work} (about a minute)`);
    execFileSync(PYTHON, [DRIVER, 'export', work], { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
  }
  if (!existsSync(join(pack, 'owseg.json'))) {
    await writeSamManifest(pack, { layout: 'official', encoder: ENCODER, decoder: DECODER, preprocess: officialSamPreprocess });
  }
  return pack;
}

function runReference(request: object): Promise<ReferenceRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, [DRIVER, 'amg'], { maxBuffer: 1 << 30, env: process.env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as ReferenceRun);
    });
    child.stdin!.end(JSON.stringify(request));
  });
}

/** The reference's masks as uncompressed RLE, read from its counts file. */
function referenceMasks(run: ReferenceRun, bytes: Buffer): UncompressedRle[] {
  const counts = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  return run.masks.map((m) => {
    const rle: UncompressedRle = { size: [HEIGHT, WIDTH], counts: Array.from(counts.subarray(offset, offset + m.runs)) };
    offset += m.runs;
    return rle;
  });
}

/**
 * How many masks of each side have a partner of IoU ≥ MATCH_IOU on the other. Only pairs whose
 * areas are within that ratio can reach it, so the rest are never compared.
 */
function matches(ours: EverythingMask[], theirs: UncompressedRle[]): { ours: number; reference: number } {
  const theirAreas = theirs.map((m) => m.counts.reduce((sum, run, i) => sum + (i % 2 === 1 ? run : 0), 0));
  const matchedTheirs = new Set<number>();
  let matchedOurs = 0;
  for (const mask of ours) {
    const candidates = theirs.map((_, j) => j).filter((j) => Math.min(mask.area, theirAreas[j]!) >= MATCH_IOU * Math.max(mask.area, theirAreas[j]!));
    if (candidates.length === 0) continue;
    const row = iou(
      [mask.segmentation],
      candidates.map((j) => theirs[j]!),
      candidates.map(() => false),
    )[0]!;
    const hits = candidates.filter((_, k) => row[k]! >= MATCH_IOU);
    if (hits.length > 0) matchedOurs++;
    for (const j of hits) matchedTheirs.add(j);
  }
  return { ours: matchedOurs, reference: matchedTheirs.size };
}
