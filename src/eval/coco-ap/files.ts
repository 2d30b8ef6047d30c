/**
 * evaluateCocoApFiles: COCO mask AP from a COCO instances file and a COCO results file, for the
 * CLI. Predictions are checked against the ground truth before the results schema runs, so an
 * error names the record that is wrong rather than a later one it disagrees with.
 */
import { InvalidInputError } from '../../core/errors.js';
import { parseCocoResults, readCocoInstances, readJsonFile } from '../../core/formats/index.js';
import { evaluateScreened } from './evaluate.js';
import { resolveParams } from './params.js';
import { screenResults } from './screen.js';
import type { CocoApOptions, CocoApResult } from './types.js';

export interface CocoApFileOptions {
  /** Pool all categories per image (COCOeval useCats = 0). */
  agnostic?: boolean;
  /** Skip and count predictions for unknown images or categories, of the wrong size or with a repeated id. */
  lenient?: boolean;
  onProgress?: CocoApOptions['onProgress'];
}

/** A record the schema accepts, standing in for a skipped one so that schema errors keep the file's indices. */
const PLACEHOLDER = { image_id: 0, category_id: 0, segmentation: [[0, 0, 0, 0, 0, 0]], score: 0 };

export async function evaluateCocoApFiles(gtPath: string, predPath: string, options: CocoApFileOptions = {}): Promise<CocoApResult> {
  const gt = await readCocoInstances(gtPath);
  const raw = await readJsonFile(predPath);
  if (!Array.isArray(raw)) {
    throw new InvalidInputError(predPath, 'a COCO results array [{ image_id, category_id, segmentation, score }]');
  }
  const screened = screenResults(raw, gt, options.lenient ?? false, predPath);
  const results = parseCocoResults(
    raw.map((record: unknown, i) => (screened.reasons[i] === undefined ? record : PLACEHOLDER)),
    { source: predPath },
  );
  const params = resolveParams({ useCats: !options.agnostic });
  return evaluateScreened(gt, results, screened, params, { source: predPath, onProgress: options.onProgress });
}
