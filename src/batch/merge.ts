/**
 * The merged dataset file a batch run writes at the end, from its per-picture results in key
 * order: LVIS-style for everything / name / ground (each free name a category with its counts),
 * COCO panoptic for dense. Ids follow key and region order, so the file depends on the results
 * only, never on the order or the run in which the pictures finished.
 */
import { join } from 'node:path';
import { readOwsegResult, writeLvis, type Lvis, type LvisAnnotation, type LvisFrequency, type OwsegResult } from '../core/formats/index.js';
import { decode } from '../core/rle/index.js';
import { resultPath } from './result-files.js';
import type { BatchTask } from './settings.js';

/** The category of regions no model named (everything without a naming model). */
export const UNNAMED_CATEGORY = 'object';

export interface MergedFile {
  /** Undefined when no picture is done: a COCO panoptic file cannot be empty. */
  path: string | undefined;
  masks: number;
  names: number;
}

export async function mergeResults(outDir: string, task: BatchTask, keys: readonly string[]): Promise<MergedFile> {
  const results: { key: string; result: OwsegResult }[] = [];
  for (const key of [...keys].sort(byCodePoint)) results.push({ key, result: await readOwsegResult(resultPath(outDir, key)) });
  const regions = results.flatMap(({ result }) => result.regions);
  const counts = { masks: regions.length, names: new Set(regions.flatMap((r) => (r.name === undefined ? [] : [r.name]))).size };
  if (task === 'dense') {
    if (results.length === 0) return { path: undefined, ...counts };
    const path = join(outDir, 'panoptic.json');
    await writePanoptic(path, results);
    return { path, ...counts };
  }
  const path = join(outDir, 'dataset.lvis.json');
  await writeLvis(path, lvisOf(results));
  return { path, ...counts };
}

function lvisOf(results: readonly { key: string; result: OwsegResult }[]): Lvis {
  const nameOf = (name: string | undefined) => name ?? UNNAMED_CATEGORY;
  const names = [...new Set(results.flatMap(({ result }) => result.regions.map((r) => nameOf(r.name))))].sort(byCodePoint);
  const categoryId = new Map(names.map((name, i) => [name, i + 1]));
  const annotations: LvisAnnotation[] = [];
  const imagesOf = new Map<number, Set<number>>();
  const instancesOf = new Map<number, number>();
  results.forEach(({ result }, i) => {
    for (const region of result.regions) {
      const category = categoryId.get(nameOf(region.name))!;
      imagesOf.set(category, (imagesOf.get(category) ?? new Set()).add(i + 1));
      instancesOf.set(category, (instancesOf.get(category) ?? 0) + 1);
      annotations.push({
        id: annotations.length + 1,
        image_id: i + 1,
        category_id: category,
        segmentation: region.segmentation,
        area: region.area,
        bbox: region.bbox,
        ...(region.score === undefined ? {} : { score: region.score }),
        ...(region.predictedIou === undefined ? {} : { predicted_iou: region.predictedIou }),
        ...(region.logProb === undefined ? {} : { log_prob: region.logProb }),
      });
    }
  });
  return {
    info: { description: 'owseg batch: free-form names as categories', task: results[0]?.result.task ?? '' },
    images: results.map(({ key, result }, i) => ({ id: i + 1, file_name: key, width: result.image.width, height: result.image.height, not_exhaustive_category_ids: [], neg_category_ids: [] })),
    annotations,
    categories: names.map((name, i) => {
      const imageCount = imagesOf.get(i + 1)?.size ?? 0;
      return { id: i + 1, name, frequency: frequencyOf(imageCount), image_count: imageCount, instance_count: instancesOf.get(i + 1) ?? 0 };
    }),
  };
}

/** LVIS's groups by the number of images a category appears in: rare 1–10, common 11–100, frequent above. */
function frequencyOf(imageCount: number): LvisFrequency {
  return imageCount <= 10 ? 'r' : imageCount <= 100 ? 'c' : 'f';
}

/** COCO panoptic of the dense results, the segment ids of each picture painted back from its regions. */
async function writePanoptic(path: string, results: readonly { key: string; result: OwsegResult }[]): Promise<void> {
  const { writeCocoPanoptic } = await import('../tasks/dense/index.js');
  const images = results.map(({ key, result }, i) => {
    const { width, height } = result.image;
    const ids = new Int32Array(width * height);
    for (const region of result.regions) {
      const mask = decode(region.segmentation);
      for (let p = 0; p < mask.data.length; p++) if (mask.data[p] === 1) ids[p] = region.id;
    }
    const segments = result.regions.map((r) => ({ id: r.id, name: r.name ?? UNNAMED_CATEGORY, isthing: r.extra?.isthing === true }));
    // Panoptic PNGs sit in one folder, so a picture in a sub-folder is named with its path.
    return { id: i + 1, fileName: key.split('/').join('__'), map: { width, height, ids, segments } };
  });
  await writeCocoPanoptic(path, images);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
