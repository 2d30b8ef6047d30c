/**
 * gRefCOCO referring expressions (`grefs(unc).json`, or its pickle): a ref may name several
 * annotations or none — `ann_id` is a number or a list, with [-1] and `no_target` marking "no target".
 */
import { InvalidInputError } from '../../core/errors.js';
import { asFlag, asInteger, asRecord } from './record-fields.js';
import { parseRefBase, readRefsFile, refList, type ReferringSample, type RefsOptions } from './refcoco.js';

export async function readGrefcocoRefs(path: string, options: RefsOptions = {}): Promise<ReferringSample[]> {
  return parseGrefcocoRefs(await readRefsFile(path), path, options);
}

/**
 * A ref is no-target when `no_target` is true or, without that field, when `ann_id` is -1 / [-1]
 * (how ReLA's G_REFER recognises it). The two must agree, and -1 never mixes with real ids;
 * `annIds` lists the real ids only, so it is empty for a no-target ref. ReLA builds the target
 * mask from these annotations minus crowd ones (`iscrowd`); do the same to reproduce its numbers.
 */
export function parseGrefcocoRefs(value: unknown, source: string, options: RefsOptions = {}): ReferringSample[] {
  return refList(value, source).flatMap((item, i) => {
    const field = `${source}: [${i}]`;
    const record = asRecord(item, field);
    const sample = parseRefBase(record, field, options);
    if (options.split !== undefined && sample.split !== options.split) return [];
    const raw = Array.isArray(record.ann_id) ? record.ann_id : [record.ann_id];
    const ids = raw.map((id, j) => asInteger(id, Array.isArray(record.ann_id) ? `${field}.ann_id[${j}]` : `${field}.ann_id`, -1));
    const annIds = ids.filter((id) => id !== -1);
    if (annIds.length !== ids.length && annIds.length > 0) {
      throw new InvalidInputError(`${field}.ann_id`, 'either [-1] (no target) or annotation ids', `got [${ids.join(', ')}]`);
    }
    const noTarget = record.no_target === undefined ? annIds.length === 0 : asFlag(record.no_target, `${field}.no_target`);
    if (noTarget !== (annIds.length === 0)) {
      throw new InvalidInputError(
        `${field}.no_target`,
        noTarget ? 'false for a ref with annotation ids' : 'true for a ref without annotation ids',
        `ann_id is [${ids.join(', ')}]`,
      );
    }
    return [{ ...sample, annIds, noTarget }];
  });
}
