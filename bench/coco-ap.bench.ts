/**
 * COCO mask AP at COCO-like scale (5,000 images × 20 objects, compressed RLE files): wall time and
 * peak RSS of the file evaluation beside just loading the files, and RLE IoU beside bitmap IoU.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CocoAnnotation, CocoInstances, CocoResult } from '../src/core/formats/index.js';
import * as rle from '../src/core/rle/index.js';
import { seededRandom } from '../test/helpers/random.js';
import { runInChild } from './child.js';
import { throughput, type BenchSuite, type Figure } from './harness.js';

const IMAGES = 5000;
const OBJECTS = 20;
const CATEGORIES = 10;
const HEIGHT = 240;
const WIDTH = 320;

const cocoApModule = new URL('../src/eval/coco-ap/index.js', import.meta.url).href;
const formatsModule = new URL('../src/core/formats/index.js', import.meta.url).href;

const evaluateInChild = `
import { evaluateCocoApFiles } from '${cocoApModule}';
const [gt, results] = process.argv.slice(1);
const start = performance.now();
const { stats } = await evaluateCocoApFiles(gt, results);
const result = { seconds: (performance.now() - start) / 1000, cpuSeconds: process.cpuUsage().user / 1e6, AP: stats.AP };`;

const loadInChild = `
import { readCocoInstances, readCocoResults } from '${formatsModule}';
const [gt, results] = process.argv.slice(1);
const start = performance.now();
const loaded = [await readCocoInstances(gt), await readCocoResults(results)];
const result = { seconds: (performance.now() - start) / 1000, cpuSeconds: process.cpuUsage().user / 1e6, records: loaded[1].length };`;

interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/**
 * The compressed RLE of a filled ellipse, built from its column spans directly: drawing 200,000
 * bitmaps and encoding them would take longer than the evaluation being measured.
 */
function ellipseRle({ cx, cy, rx, ry }: Ellipse): rle.Rle {
  const counts: number[] = [];
  let end = 0;
  for (let x = 0; x < WIDTH; x++) {
    const dx = (x + 0.5 - cx) / rx;
    if (dx * dx > 1) continue;
    const half = ry * Math.sqrt(1 - dx * dx);
    const top = Math.max(0, Math.ceil(cy - half - 0.5));
    const bottom = Math.min(HEIGHT, Math.floor(cy + half - 0.5) + 1);
    if (bottom <= top) continue;
    const start = x * HEIGHT + top;
    if (start === end && counts.length > 0) {
      counts[counts.length - 1]! += bottom - top;
    } else {
      counts.push(start - end, bottom - top);
    }
    end = x * HEIGHT + bottom;
  }
  counts.push(HEIGHT * WIDTH - end);
  return rle.compress({ size: [HEIGHT, WIDTH], counts });
}

function dataset(): { gt: CocoInstances; results: CocoResult[] } {
  const random = seededRandom(5000);
  const ellipse = (): Ellipse => ({ cx: random() * WIDTH, cy: random() * HEIGHT, rx: 3 + random() * 50, ry: 3 + random() * 50 });
  const gt: CocoInstances = {
    images: [],
    annotations: [],
    categories: Array.from({ length: CATEGORIES }, (_, k) => ({ id: k + 1, name: `category ${k + 1}` })),
  };
  const results: CocoResult[] = [];
  const category = () => 1 + Math.floor(random() * CATEGORIES);
  for (let image = 1; image <= IMAGES; image++) {
    gt.images.push({ id: image, height: HEIGHT, width: WIDTH });
    for (let o = 0; o < OBJECTS; o++) {
      const shape = ellipse();
      const segmentation = ellipseRle(shape);
      const categoryId = category();
      const annotation: CocoAnnotation = {
        id: gt.annotations.length + 1,
        image_id: image,
        category_id: categoryId,
        segmentation,
        area: rle.area(segmentation),
        bbox: rle.toBbox(segmentation),
        iscrowd: random() < 0.02 ? 1 : 0,
      };
      gt.annotations.push(annotation);
      if (random() < 0.9) {
        const moved = {
          cx: shape.cx + (random() - 0.5) * 8,
          cy: shape.cy + (random() - 0.5) * 8,
          rx: shape.rx * (0.8 + 0.4 * random()),
          ry: shape.ry * (0.8 + 0.4 * random()),
        };
        results.push({ image_id: image, category_id: random() < 0.9 ? categoryId : category(), segmentation: ellipseRle(moved), score: random() });
      }
    }
    const falsePositives = Math.floor(random() * 5);
    for (let f = 0; f < falsePositives; f++) {
      results.push({ image_id: image, category_id: category(), segmentation: ellipseRle(ellipse()), score: random() });
    }
  }
  return { gt, results };
}

/** The detection × ground-truth pairs COCOeval computes IoUs for (same image and category), for the first `images` images. */
function iouBatches(gt: CocoInstances, results: CocoResult[], images: number): { dts: rle.Rle[]; gts: rle.Rle[]; crowd: boolean[] }[] {
  const key = (image: number, categoryId: number) => image * 1000 + categoryId;
  const batches = new Map<number, { dts: rle.Rle[]; gts: rle.Rle[]; crowd: boolean[] }>();
  const batch = (k: number) => batches.get(k) ?? batches.set(k, { dts: [], gts: [], crowd: [] }).get(k)!;
  for (const a of gt.annotations) {
    if (a.image_id > images) continue;
    const b = batch(key(a.image_id, a.category_id));
    b.gts.push(a.segmentation as rle.Rle);
    b.crowd.push(a.iscrowd === 1);
  }
  for (const r of results) {
    if (r.image_id <= images) batch(key(r.image_id, r.category_id)).dts.push(r.segmentation as rle.Rle);
  }
  return [...batches.values()].filter((b) => b.dts.length > 0 && b.gts.length > 0);
}

/** The plain way: both masks as bitmaps (decoded beforehand, not timed), one pass counting intersection and union. */
function bitmapIou(d: Uint8Array, g: Uint8Array, crowd: boolean): number {
  let both = 0;
  let either = 0;
  let detected = 0;
  for (let i = 0; i < d.length; i++) {
    both += d[i]! & g[i]!;
    either += d[i]! | g[i]!;
    detected += d[i]!;
  }
  return both === 0 ? 0 : both / (crowd ? detected : either);
}

export const cocoApSuite: BenchSuite = {
  name: 'coco-ap',
  async run(): Promise<Figure[]> {
    const { gt, results } = dataset();
    const batches = iouBatches(gt, results, 500);
    const pairs = batches.reduce((sum, b) => sum + b.dts.length * b.gts.length, 0);
    const decoded = batches.map((b) => ({ dts: b.dts.map((r) => rle.decode(r).data), gts: b.gts.map((r) => rle.decode(r).data), crowd: b.crowd }));
    const rlePairs = pairs * throughput(() => batches.map((b) => rle.iou(b.dts, b.gts, b.crowd)));
    const bitmapPairs = pairs * throughput(() => decoded.map((b) => b.dts.map((d) => b.gts.map((g, j) => bitmapIou(d, g, b.crowd[j]!)))));

    const dir = await mkdtemp(join(tmpdir(), 'owseg-coco-ap-bench-'));
    try {
      const gtPath = join(dir, 'instances.json');
      const resultsPath = join(dir, 'results.json');
      await writeFile(gtPath, JSON.stringify(gt));
      await writeFile(resultsPath, JSON.stringify(results));
      const load = await runInChild<{ seconds: number; cpuSeconds: number }>(loadInChild, [gtPath, resultsPath]);
      const evaluation = await runInChild<{ seconds: number; cpuSeconds: number; AP: number }>(evaluateInChild, [gtPath, resultsPath]);
      const note = `${IMAGES} images ${WIDTH}×${HEIGHT}, ${gt.annotations.length} gt + ${results.length} results (compressed RLE), AP ${evaluation.AP.toFixed(3)}`;
      return [
        {
          name: 'mask AP from files',
          unit: 's',
          value: evaluation.seconds,
          baseline: { name: 'read and validate the two files', value: load.seconds },
          note: `${note}; user CPU ${evaluation.cpuSeconds.toFixed(1)} s vs ${load.cpuSeconds.toFixed(1)} s`,
        },
        {
          name: 'mask AP peak RSS',
          unit: 'MB',
          value: evaluation.maxRssMB,
          baseline: { name: 'read and validate the two files', value: load.maxRssMB },
          note,
        },
        {
          name: 'mask IoU',
          unit: 'pairs/s',
          value: rlePairs,
          baseline: { name: 'bitmap IoU, masks decoded beforehand', value: bitmapPairs },
          note: `${pairs} same-image, same-category pairs from 500 images, ${WIDTH}×${HEIGHT}`,
        },
      ];
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
