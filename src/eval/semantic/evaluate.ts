/**
 * Semantic-segmentation mIoU over a dataset: from label maps in memory, or from two folders of PNG
 * label maps paired by file name.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { SemanticCounts, type LabelMap, type SemanticCountOptions } from './confusion.js';
import { meanIou, type MiouResult, type MiouVariant } from './miou.js';
import { readLabelPng } from './png-labels.js';

export interface SemanticOptions extends SemanticCountOptions {
  /** Which classes the mean is over (see {@link meanIou}); default "detectron2". */
  variant?: MiouVariant;
}

export interface SemanticPair {
  /** How errors name the pair, e.g. its file name. */
  name: string;
  gt: LabelMap;
  pred: LabelMap;
}

/** mIoU of label-map pairs already in memory. */
export function evaluateSemantic(pairs: Iterable<SemanticPair>, options: SemanticOptions = {}): MiouResult {
  const counts = new SemanticCounts(options);
  for (const pair of pairs) counts.add(pair.gt, pair.pred, pair.name);
  return meanIou(counts, options.variant);
}

export interface SemanticFilesOptions extends SemanticOptions {
  /** Skip (and count) a ground-truth map without a prediction or with a bad one, instead of throwing. */
  lenient?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SemanticFilesResult {
  metric: 'miou';
  stats: { mIoU: number } & Record<string, number>;
  skipped: number;
  /** The full result: per-class IoU and the classes averaged. */
  detail: MiouResult;
}

/**
 * mIoU of every `*.png` in `gtDir` against the PNG of the same name in `predDir`. A missing
 * prediction, or a prediction without a ground truth, is an error (skipped and counted under `lenient`).
 */
export async function evaluateSemanticFiles(gtDir: string, predDir: string, options: SemanticFilesOptions = {}): Promise<SemanticFilesResult> {
  const gtNames = await pngNames(gtDir);
  const predNames = new Set(await pngNames(predDir));
  const counts = new SemanticCounts(options);
  let skipped = 0;
  const attempt = async (work: () => Promise<void> | void) => {
    try {
      await work();
    } catch (error) {
      if (!(options.lenient && error instanceof InvalidInputError)) throw error;
      skipped += 1;
    }
  };
  const gtSet = new Set(gtNames);
  for (const name of predNames) {
    await attempt(() => {
      if (!gtSet.has(name)) throw new InvalidInputError(join(predDir, name), 'a prediction for a ground-truth map', `${join(gtDir, name)} does not exist`);
    });
  }
  let done = 0;
  for (const name of gtNames) {
    await attempt(async () => {
      if (!predNames.has(name)) throw new InvalidInputError(join(predDir, name), 'a prediction for every ground-truth map', 'no such file');
      const gt = await readLabelPng(join(gtDir, name));
      const pred = await readLabelPng(join(predDir, name));
      counts.add(gt, pred, name);
    });
    options.onProgress?.(++done, gtNames.length);
  }
  const detail = meanIou(counts, options.variant);
  return { metric: 'miou', stats: { mIoU: detail.mIoU }, skipped, detail };
}

async function pngNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.png')).sort();
  } catch (error) {
    throw new InvalidInputError(dir, 'a folder of PNG label maps', (error as Error).message);
  }
}
