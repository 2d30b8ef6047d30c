/**
 * RefCOCO / RefCOCO+ / RefCOCOg referring expressions: the original `refs(unc).p` / `refs(umd).p`
 * pickles beside `instances.json`, or the JSON copies many mirrors ship, read into typed samples.
 */
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../../core/errors.js';
import { readPickle } from './pickle.js';
import { asArray, asInteger, asRecord, asString } from './record-fields.js';

/** One referring expression group: a ref with all its sentences and the annotations it refers to. */
export interface ReferringSample {
  refId: number;
  imageId: number;
  sentences: string[];
  /** COCO annotation ids in `instances.json`; empty for a no-target ref (gRefCOCO). */
  annIds: number[];
  split: string;
  noTarget: boolean;
}

export interface RefsOptions {
  /**
   * Which sentence text to return: "sent" (default: the lower-cased, tokenised form most evaluations
   * use, e.g. LISA) or "raw" (as annotators typed it; ReLA's GRES feeds this one).
   */
  sentenceField?: 'sent' | 'raw';
  /** Keep only refs of this split (e.g. "val", "testA", "test"). */
  split?: string;
}

/** Reads a refs file: a pickle (any `.p` / `.pkl`, or bytes that start like one) or JSON. */
export async function readRefsFile(path: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(path, 'an existing refs file', code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  // Protocol ≥ 2 pickles start with PROTO (0x80); protocol 0/1 list pickles with MARK or EMPTY_LIST.
  const first = bytes[0];
  if (/\.(p|pkl|pickle)$/i.test(path) || first === 0x80 || first === 0x28 || first === 0x5d) return readPickle(bytes, path);
  try {
    return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InvalidInputError(path, 'a refs pickle or JSON file', (error as Error).message);
  }
}

export async function readRefcocoRefs(path: string, options: RefsOptions = {}): Promise<ReferringSample[]> {
  return parseRefcocoRefs(await readRefsFile(path), path, options);
}

/** Checks and converts RefCOCO-family refs (one annotation id per ref). */
export function parseRefcocoRefs(value: unknown, source: string, options: RefsOptions = {}): ReferringSample[] {
  return refList(value, source).flatMap((item, i) => {
    const field = `${source}: [${i}]`;
    const record = asRecord(item, field);
    const sample = parseRefBase(record, field, options);
    if (options.split !== undefined && sample.split !== options.split) return [];
    return [{ ...sample, annIds: [asInteger(record.ann_id, `${field}.ann_id`, 0)], noTarget: false }];
  });
}

/** The list of refs: the file's top level, or its `refs` member (some mirrors wrap it). */
export function refList(value: unknown, source: string): unknown[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'refs' in value) {
    return asArray((value as { refs: unknown }).refs, `${source}: refs`);
  }
  return asArray(value, source);
}

/** The fields every refs flavour shares; `annIds` and `noTarget` are the caller's. */
export function parseRefBase(record: Record<string, unknown>, field: string, options: RefsOptions): Omit<ReferringSample, 'annIds' | 'noTarget'> {
  const key = options.sentenceField ?? 'sent';
  if (key !== 'sent' && key !== 'raw') throw new InvalidInputError('options.sentenceField', '"sent" or "raw"', `got ${String(key)}`);
  const sentences = asArray(record.sentences, `${field}.sentences`).map((sentence, j) =>
    asString(asRecord(sentence, `${field}.sentences[${j}]`)[key], `${field}.sentences[${j}].${key}`),
  );
  return {
    refId: asInteger(record.ref_id, `${field}.ref_id`, 0),
    imageId: asInteger(record.image_id, `${field}.image_id`, 0),
    sentences,
    split: asString(record.split, `${field}.split`),
  };
}
