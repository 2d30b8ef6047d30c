/**
 * owseg's referring-segmentation exchange format: two JSON files of per-expression masks matched by
 * id, read into metric samples. Ground truth and prediction both allow "no target".
 *
 * Ground truth: a JSON array of `{ "id": number | string, "segmentation": S, "size"?: [h, w], "no_target"?: boolean }`.
 * Prediction:   a JSON array of `{ "id": …, "segmentation": S, "no_target"?: boolean }`.
 * S is a COCO RLE `{ size, counts }` (compressed string or uncompressed runs), COCO polygons
 * `[[x1, y1, …], …]`, or `[]` for an empty mask. `size` is required on a ground-truth record whose
 * S has none (polygons or `[]`); a prediction's polygons and `[]` take the ground truth's size.
 * `no_target` defaults to "the mask is empty"; on a prediction it carries a model's own no-target
 * answer (ReLA's head), which GRES then uses instead of the mask-area rule.
 */
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { segmentationToRle } from '../../core/formats/masks.js';
import type { Segmentation } from '../../core/formats/segmentation.js';
import type { Rle } from '../../core/rle/types.js';
import { asArray, asFlag, asImageId, asInteger, asRecord } from '../readers/record-fields.js';

export interface ExchangeSample {
  id: number | string;
  gt: Rle;
  pred: Rle;
  noTarget?: boolean;
  predNoTarget?: boolean;
}

export interface ExchangeOptions {
  /** Skip (and count) a record that fails a check instead of throwing. */
  lenient?: boolean;
}

/** Reads both files and pairs every ground-truth record with the prediction of the same id. */
export async function readExchangeFiles(
  gtPath: string,
  predPath: string,
  options: ExchangeOptions = {},
): Promise<{ samples: ExchangeSample[]; skipped: number }> {
  const gtRecords = asArray(await readJsonFile(gtPath), gtPath);
  const predRecords = asArray(await readJsonFile(predPath), predPath);
  let skipped = 0;
  const attempt = (work: () => void) => {
    try {
      work();
    } catch (error) {
      if (!(options.lenient && error instanceof InvalidInputError)) throw error;
      skipped += 1;
    }
  };

  const gtById = new Map<number | string, { size: [number, number]; rle: Rle; noTarget?: boolean }>();
  // Ids of ground-truth records skipped under `lenient`: their predictions go with them, uncounted twice.
  const skippedIds = new Set<unknown>();
  gtRecords.forEach((value, i) =>
    attempt(() => {
      const field = `${gtPath}: [${i}]`;
      const record = asRecord(value, field);
      skippedIds.add(record.id);
      const id = asImageId(record.id, `${field}.id`);
      if (gtById.has(id)) throw new InvalidInputError(`${field}.id`, 'an id used once', `${JSON.stringify(id)} is repeated`);
      const size = recordSize(record, field);
      gtById.set(id, { size, rle: toRle(record.segmentation, size, `${field}.segmentation`), ...noTarget(record, field, 'noTarget') });
      skippedIds.delete(record.id);
    }),
  );

  const samples: ExchangeSample[] = [];
  const seen = new Set<number | string>();
  predRecords.forEach((value, i) =>
    attempt(() => {
      const field = `${predPath}: [${i}]`;
      const record = asRecord(value, field);
      const id = asImageId(record.id, `${field}.id`);
      const gt = gtById.get(id);
      if (!gt && skippedIds.has(id)) return;
      if (!gt) throw new InvalidInputError(`${field}.id`, 'the id of a ground-truth record', `no ground truth has id ${JSON.stringify(id)}`);
      if (seen.has(id)) throw new InvalidInputError(`${field}.id`, 'one prediction per id', `${JSON.stringify(id)} is repeated`);
      seen.add(id);
      const pred = toRle(record.segmentation, gt.size, `${field}.segmentation`);
      const sample: ExchangeSample = { id, gt: gt.rle, pred, ...noTarget(record, field, 'predNoTarget') };
      if (gt.noTarget !== undefined) sample.noTarget = gt.noTarget;
      samples.push(sample);
    }),
  );
  for (const id of gtById.keys()) {
    if (!seen.has(id)) {
      attempt(() => {
        throw new InvalidInputError(`${predPath}`, `a prediction for id ${JSON.stringify(id)}`, 'there is none');
      });
    }
  }
  return { samples, skipped };
}

/** The record's [height, width]: its `size`, else its RLE's. */
function recordSize(record: Record<string, unknown>, field: string): [number, number] {
  const from = record.size !== undefined ? { value: record.size, at: `${field}.size` } : undefined;
  const segmentation = record.segmentation;
  const rleSize = typeof segmentation === 'object' && segmentation !== null && !Array.isArray(segmentation) ? (segmentation as { size?: unknown }).size : undefined;
  const source = from ?? (rleSize !== undefined ? { value: rleSize, at: `${field}.segmentation.size` } : undefined);
  if (!source) throw new InvalidInputError(`${field}.size`, '[height, width] (required when the segmentation is polygons or [])');
  const size = asArray(source.value, source.at);
  if (size.length !== 2) throw new InvalidInputError(source.at, '[height, width]', `got ${size.length} numbers`);
  return [asInteger(size[0], `${source.at}[0]`, 0), asInteger(size[1], `${source.at}[1]`, 0)];
}

function toRle(segmentation: unknown, size: [number, number], field: string): Rle {
  if (Array.isArray(segmentation) && segmentation.length === 0) return emptyRle(size);
  if (typeof segmentation !== 'object' || segmentation === null) {
    throw new InvalidInputError(field, 'a COCO RLE { size, counts }, polygons [[x1, y1, …], …] or [] for an empty mask');
  }
  return segmentationToRle(segmentation as Segmentation, size[0], size[1], field);
}

function emptyRle([height, width]: [number, number]): Rle {
  return segmentationToRle({ size: [height, width], counts: [height * width] }, height, width);
}

function noTarget(record: Record<string, unknown>, field: string, key: 'noTarget' | 'predNoTarget'): { noTarget?: boolean; predNoTarget?: boolean } {
  return record.no_target === undefined ? {} : { [key]: asFlag(record.no_target, `${field}.no_target`) };
}
