/**
 * Reader for MaskGroups-HQ (RAS) parquet files: one sample per row, read one row group at a time
 * so a split of thousands of rows with hundreds of masks each never sits in memory whole.
 */
import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { InvalidInputError } from '../../core/errors.js';
import { checkSegmentation } from '../../core/formats/segmentation.js';
import type { Rle, UncompressedRle } from '../../core/rle/types.js';

export interface MaskGroupsTurn {
  /** 'human' or 'gpt' in the released files. */
  from: string;
  value: string;
}

/** The image as the row gives it: a file name under the dataset's image folder, or encoded bytes. */
export interface MaskGroupsImage {
  file?: string;
  bytes?: Uint8Array;
}

export interface MaskGroupsSample {
  /** 0-based row index in the file. */
  row: number;
  /** The row's `id` column, when the file has one (the released split does). */
  id?: string | number;
  image: MaskGroupsImage;
  /** The prompt turns; the human turn holds the text and the `<mask_pool>` / reference placeholders. */
  conversations: MaskGroupsTurn[];
  /** Candidate masks (proposals) the model chooses from. */
  maskPool: (Rle | UncompressedRle)[];
  /** Ground-truth masks. */
  gtMaskPool: (Rle | UncompressedRle)[];
  /** Target groups, each a list of indices into gtMaskPool (not into maskPool). */
  gtMaskGroups: number[][];
}

export const MASKGROUPS_COLUMNS = ['image', 'conversations', 'mask_pool', 'gt_mask_pool', 'gt_mask_group'] as const;

/**
 * Yields the samples of a MaskGroups-HQ parquet file in row order, one row group in memory at a
 * time. Columns are located by name; `id` is read when present, other extra columns are not. Codecs: those hyparquet reads
 * without plug-ins (uncompressed, Snappy — what the datasets library writes by default).
 */
export async function* readMaskGroups(path: string): AsyncGenerator<MaskGroupsSample> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new InvalidInputError(path, 'a MaskGroups-HQ parquet file', 'no such file');
  const file = await asyncBufferFromFile(path);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new InvalidInputError(path, 'a parquet file', (error as Error).message);
  }
  const present = parquetSchema(metadata).children.map((c) => c.element.name);
  const missing = MASKGROUPS_COLUMNS.filter((c) => !present.includes(c));
  if (missing.length > 0) throw new InvalidInputError(`${path}: columns`, MASKGROUPS_COLUMNS.join(', '), `no ${missing.join(', ')} among ${present.join(', ')}`);
  const columns = present.includes('id') ? ['id', ...MASKGROUPS_COLUMNS] : [...MASKGROUPS_COLUMNS];
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    // utf8: false keeps unannotated binary (image bytes) as bytes; string columns are annotated and still decode.
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, columns, utf8: false });
    for (const [k, row] of rows.entries()) yield parseMaskGroupsRow(row, rowStart + k, path);
    rowStart = rowEnd;
  }
}

/** Checks and converts one decoded row; errors name the file, row and field. */
export function parseMaskGroupsRow(row: Record<string, unknown>, index: number, source: string): MaskGroupsSample {
  const at = (field: string) => `${source}: row ${index}: ${field}`;
  const gtMaskPool = list(row.gt_mask_pool, at('gt_mask_pool')).map((m, i) => rle(m, at(`gt_mask_pool[${i}]`)));
  const groups = list(row.gt_mask_group, at('gt_mask_group'));
  // A flat index list is one group; the released rows nest them (a list of groups).
  const nested = groups.every((g) => Array.isArray(g)) ? groups : [groups];
  const gtMaskGroups = nested.map((g, i) =>
    list(g, at(`gt_mask_group[${i}]`)).map((value, k) => {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= gtMaskPool.length) {
        throw new InvalidInputError(at(`gt_mask_group[${i}][${k}]`), `an index into gt_mask_pool (0 to ${gtMaskPool.length - 1})`, `got ${String(value)}`);
      }
      return n;
    }),
  );
  const id = typeof row.id === 'bigint' ? Number(row.id) : row.id;
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') throw new InvalidInputError(at('id'), 'a string or a number');
  return {
    row: index,
    ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}),
    image: image(row.image, at('image')),
    conversations: list(row.conversations, at('conversations')).map((turn, i) => {
      const t = turn as Partial<MaskGroupsTurn> | null;
      if (typeof t?.from !== 'string' || typeof t.value !== 'string') throw new InvalidInputError(at(`conversations[${i}]`), '{ from: string, value: string }');
      return { from: t.from, value: t.value };
    }),
    maskPool: list(row.mask_pool, at('mask_pool')).map((m, i) => rle(m, at(`mask_pool[${i}]`))),
    gtMaskPool,
    gtMaskGroups,
  };
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidInputError(field, 'a list', `got ${value === null ? 'null' : typeof value}`);
  return value;
}

/** A file name, raw bytes, or the datasets library's Image struct { bytes, path }. */
function image(value: unknown, field: string): MaskGroupsImage {
  if (typeof value === 'string') return { file: value };
  if (value instanceof Uint8Array) return { bytes: value };
  if (typeof value === 'object' && value !== null) {
    const { bytes, path } = value as { bytes?: unknown; path?: unknown };
    const out: MaskGroupsImage = {};
    if (bytes instanceof Uint8Array) out.bytes = bytes;
    if (typeof path === 'string') out.file = path;
    if (out.bytes !== undefined || out.file !== undefined) return out;
  }
  throw new InvalidInputError(field, 'a file name, image bytes or { bytes, path }');
}

/** A COCO RLE { size: [h, w], counts }, with counts a compressed string or a run list (int64 runs arrive as bigint). */
function rle(value: unknown, field: string): Rle | UncompressedRle {
  const v = value as { size?: unknown; counts?: unknown } | null;
  const size = Array.isArray(v?.size) ? v.size.map((d) => (typeof d === 'bigint' ? Number(d) : d)) : undefined;
  if (size?.length !== 2 || !size.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    throw new InvalidInputError(`${field}.size`, '[height, width]');
  }
  const counts = Array.isArray(v!.counts) ? v!.counts.map((c) => (typeof c === 'bigint' ? Number(c) : c)) : v!.counts;
  if (typeof counts !== 'string' && !(Array.isArray(counts) && counts.every((c) => typeof c === 'number' && Number.isInteger(c) && c >= 0))) {
    throw new InvalidInputError(`${field}.counts`, 'a compressed RLE string or a list of run lengths');
  }
  const out = { size: size as [number, number], counts } as Rle | UncompressedRle;
  checkSegmentation(out, field);
  return out;
}
