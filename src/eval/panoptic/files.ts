/**
 * The `pq` entry point a CLI calls: a ground-truth and a prediction COCO panoptic JSON, with their
 * PNG folders beside them by panopticapi's default (the JSON path without `.json`) unless given.
 */
import type { PqStats } from './counts.js';
import { evaluatePanoptic, type PanopticOptions } from './evaluate.js';

export interface PanopticFilesOptions extends PanopticOptions {
  gtDir?: string;
  predDir?: string;
}

export interface PanopticFilesResult {
  metric: 'pq';
  stats: PqStats & Record<string, number>;
  skipped: number;
}

export async function evaluatePanopticFiles(
  gtPath: string,
  predPath: string,
  options: PanopticFilesOptions = {},
): Promise<PanopticFilesResult> {
  const folder = (path: string) => path.replace(/\.json$/i, '');
  const result = await evaluatePanoptic(gtPath, predPath, options.gtDir ?? folder(gtPath), options.predDir ?? folder(predPath), options);
  return { metric: 'pq', stats: { ...result.stats }, skipped: result.skipped.count };
}
