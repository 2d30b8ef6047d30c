/**
 * owseg's own result file (`"format": "owseg.result"`, version 1; spec in docs/result-format.md):
 * one image, the model that produced it, and its regions as compressed RLE with their scores.
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { Mask } from '../mask.js';
import { area, encode, toBbox } from '../rle/index.js';
import type { Rle, XywhBox } from '../rle/types.js';
import type { ParseOptions } from './coco.js';
import { indexIds } from './ids.js';
import { fieldAt } from './path.js';
import { checkSegmentation, rleSizeSchema } from './segmentation.js';
import { bboxSchema, int } from './schemas.js';
import { parseOrThrow } from './validate.js';

export const OWSEG_RESULT_FORMAT = 'owseg.result';
/** The only version this owseg reads and writes; a reader rejects any other. */
export const OWSEG_RESULT_VERSION = 1;

export interface OwsegRegion {
  /** Unique within the file; tasks that relate regions (refer, ground) point at these ids. */
  id: number;
  segmentation: Rle;
  bbox: XywhBox;
  area: number;
  /** Free-form category name, when a naming task ran. */
  name?: string;
  /** Confidence in [0, 1] from the task that produced or chose the region. */
  score?: number;
  /** SAM's predicted IoU. */
  predictedIou?: number;
  /** SAM's stability score in [0, 1]. */
  stabilityScore?: number;
  /** Log-probability (≤ 0) of `name` under the naming model. */
  logProb?: number;
  extra?: Record<string, unknown>;
}

export interface OwsegResult {
  format: typeof OWSEG_RESULT_FORMAT;
  version: typeof OWSEG_RESULT_VERSION;
  image: { path?: string; width: number; height: number; sha256?: string };
  model?: { name: string; family?: string; pack?: string; extra?: Record<string, unknown> };
  /** The task that produced the file: everything, name, refer, ground, dense, or a later one. */
  task?: string;
  /** The text the task was given (instruction, referring expression, phrase), if any. */
  prompt?: string;
  regions: OwsegRegion[];
  extra?: Record<string, unknown>;
}

const extraSchema = z.record(z.string(), z.unknown()).optional();
const nonEmpty = z.string().min(1);

const headerSchema = z.looseObject(
  { format: z.literal(OWSEG_RESULT_FORMAT), version: int(1) },
  { error: 'an owseg result object { format: "owseg.result", version, image, regions }' },
);

const regionSchema = z.strictObject({
  id: int(0),
  segmentation: z.strictObject(
    {
      size: rleSizeSchema,
      counts: z.string({ error: 'a compressed RLE string (owseg results never store uncompressed runs)' }),
    },
    { error: 'a compressed RLE { size, counts }' },
  ),
  bbox: bboxSchema,
  area: int(0),
  name: nonEmpty.optional(),
  score: z.number().min(0).max(1).optional(),
  predictedIou: z.number().optional(),
  stabilityScore: z.number().min(0).max(1).optional(),
  logProb: z.number().max(0).optional(),
  extra: extraSchema,
});

const resultSchema: z.ZodType<OwsegResult> = z.strictObject({
  format: z.literal(OWSEG_RESULT_FORMAT),
  version: z.literal(OWSEG_RESULT_VERSION),
  image: z.strictObject({
    path: nonEmpty.optional(),
    width: int(1),
    height: int(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '64 lower-case hex digits' }).optional(),
  }),
  model: z
    .strictObject({ name: nonEmpty, family: nonEmpty.optional(), pack: nonEmpty.optional(), extra: extraSchema })
    .optional(),
  task: nonEmpty.optional(),
  prompt: z.string().optional(),
  regions: z.array(regionSchema),
  extra: extraSchema,
});

/**
 * Validates a parsed owseg result. The header is checked first so a file from another version
 * gets one clear message rather than a list of fields that changed.
 */
export function parseOwsegResult(value: unknown, options: ParseOptions = {}): OwsegResult {
  const { version } = parseOrThrow(headerSchema, value, options.source);
  if (version !== OWSEG_RESULT_VERSION) {
    const detail = `got ${version}${version > OWSEG_RESULT_VERSION ? ', written by a newer owseg: upgrade owseg to read it' : ''}`;
    throw new InvalidInputError(fieldAt(['version'], options.source), `${OWSEG_RESULT_VERSION}, the owseg.result version this owseg reads`, detail);
  }
  const result = parseOrThrow(resultSchema, value, options.source);
  crossCheckRegions(result, options.source);
  return result;
}

/** Every region covers the whole image, and its stored area and box are those of its RLE. */
function crossCheckRegions(result: OwsegResult, source?: string): void {
  indexIds(result.regions, 'regions', source);
  const expected = { size: [result.image.height, result.image.width] as const, name: 'image.height and image.width' };
  result.regions.forEach((region, i) => {
    const field = fieldAt(['regions', i, 'segmentation'], source);
    checkSegmentation(region.segmentation, field, expected);
    const pixels = area(region.segmentation, field);
    if (region.area !== pixels) {
      throw new InvalidInputError(fieldAt(['regions', i, 'area'], source), `${pixels}, the pixel count of the segmentation`, `got ${region.area}`);
    }
    const box = toBbox(region.segmentation, field);
    if (region.bbox.some((v, k) => v !== box[k])) {
      throw new InvalidInputError(fieldAt(['regions', i, 'bbox'], source), `[${box.join(', ')}], the box of the segmentation`, `got [${region.bbox.join(', ')}]`);
    }
  });
}

/** A region for `mask` with its RLE, box and area filled in, plus the given optional fields. */
export function regionFromMask(
  id: number,
  mask: Mask,
  fields: Omit<OwsegRegion, 'id' | 'segmentation' | 'bbox' | 'area'> = {},
): OwsegRegion {
  const segmentation = encode(mask);
  return { id, segmentation, bbox: toBbox(segmentation), area: area(segmentation), ...fields };
}

/**
 * The file text for `result`: one region per line, so large results stay readable and diff well,
 * with everything else indented as usual.
 */
export function stringifyOwsegResult(result: OwsegResult): string {
  const fields = Object.entries(result).map(([key, value]) => {
    if (key !== 'regions' || !Array.isArray(value) || value.length === 0) {
      return `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    }
    const lines = value.map((region) => `    ${JSON.stringify(region)}`).join(',\n');
    return `  ${JSON.stringify(key)}: [\n${lines}\n  ]`;
  });
  return `{\n${fields.join(',\n')}\n}\n`;
}
