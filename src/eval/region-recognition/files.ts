/**
 * Region recognition from files: an Osprey validation JSON as ground truth and a prediction file
 * naming each of its regions; every region must be named exactly once.
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { int } from '../../core/formats/schemas.js';
import { parseOrThrow } from '../../core/formats/validate.js';
import { readOspreyJson } from '../readers/osprey.js';
import { evaluateRegionRecognition, type RegionRecognitionOptions } from './evaluate.js';
import type { LabelPair } from './cleanup.js';

/**
 * The prediction file: a JSON array, COCO-results style, one entry per ground-truth region:
 *
 *     [{ "image_id": 397133, "region": 0, "name": "dog" }, …]
 *
 * `image_id` is the Osprey item's `id`, `region` the 0-based index into that item's `annotations`
 * (and `categories`), `name` the predicted free-form name, raw: the metric applies the clean-up.
 */
const predictionsSchema = z.array(
  z.object({
    image_id: z.union([int(), z.string()], { error: 'an integer or a string' }),
    region: int(0),
    name: z.string(),
  }),
);

export interface RegionRecognitionStats {
  metric: 'region-recognition';
  stats: { SS: number; SIoU: number };
}

export async function evaluateRegionRecognitionFiles(gtPath: string, predPath: string, options: RegionRecognitionOptions): Promise<RegionRecognitionStats> {
  const samples = await readOspreyJson(gtPath);
  const predictions = parseOrThrow(predictionsSchema, await readJsonFile(predPath), predPath);
  const names = new Map<string, string>();
  predictions.forEach((p, i) => {
    const key = regionKey(p.image_id, p.region);
    if (names.has(key)) throw new InvalidInputError(`${predPath}: [${i}]`, 'one prediction per region', `image_id ${JSON.stringify(p.image_id)} region ${p.region} repeats`);
    names.set(key, p.name);
  });
  const pairs: LabelPair[] = [];
  for (const sample of samples) {
    sample.regions.forEach((region, k) => {
      const key = regionKey(sample.id, k);
      const prediction = names.get(key);
      if (prediction === undefined) {
        throw new InvalidInputError(predPath, `a prediction for every region of ${gtPath}`, `none for image_id ${JSON.stringify(sample.id)} region ${k}`);
      }
      names.delete(key);
      pairs.push({ prediction, groundTruth: region.name });
    });
  }
  const extra = names.keys().next();
  if (!extra.done) throw new InvalidInputError(predPath, `only regions of ${gtPath}`, `${extra.value} is not one`);
  const { SS, SIoU } = await evaluateRegionRecognition(pairs, options);
  return { metric: 'region-recognition', stats: { SS, SIoU } };
}

// JSON.stringify keeps the id 7 and the id "7" apart.
function regionKey(imageId: number | string, region: number): string {
  return `image_id ${JSON.stringify(imageId)} region ${region}`;
}
