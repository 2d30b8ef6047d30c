/**
 * MaskGroups-HQ parquet files for tests, written with hyparquet-writer in the layout pyarrow writes
 * for the dataset's features: image as a string (or the datasets Image struct), lists of structs.
 */
import { writeFile } from 'node:fs/promises';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { compress } from '../../src/core/rle/index.js';

export const utf8 = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' } as const;

const listOf = (name: string, element: object[]) => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  ...element,
];
const rleElement = [
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  ...listOf('size', [{ name: 'element', type: 'INT64', repetition_type: 'OPTIONAL' }]),
  { name: 'counts', ...utf8 },
];

export const MASKGROUPS_TEST_COLUMNS = ['image', 'conversations', 'mask_pool', 'gt_mask_pool', 'gt_mask_group'];

/** The file's schema: image as a string or struct, groups nested (the released layout) or flat. */
export function maskGroupsSchema(imageAsStruct: boolean, groupsFlat = false): object[] {
  return [
    { name: 'root', num_children: 5 },
    ...(imageAsStruct
      ? [{ name: 'image', repetition_type: 'OPTIONAL', num_children: 2 }, { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }, { name: 'path', ...utf8 }]
      : [{ name: 'image', ...utf8 }]),
    ...listOf('conversations', [{ name: 'element', repetition_type: 'OPTIONAL', num_children: 2 }, { name: 'from', ...utf8 }, { name: 'value', ...utf8 }]),
    ...listOf('mask_pool', rleElement),
    ...listOf('gt_mask_pool', rleElement),
    ...listOf(
      'gt_mask_group',
      groupsFlat
        ? [{ name: 'element', type: 'INT64', repetition_type: 'OPTIONAL' }]
        : [{ name: 'element', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 }, { name: 'list', repetition_type: 'REPEATED', num_children: 1 }, { name: 'element', type: 'INT64', repetition_type: 'OPTIONAL' }],
    ),
  ];
}

/** A mask in the file's form: size as int64, counts compressed from uncompressed runs. */
export function parquetMask(height: number, width: number, runs: number[]): { size: bigint[]; counts: string } {
  return { size: [BigInt(height), BigInt(width)], counts: compress({ size: [height, width], counts: runs }).counts };
}

/** Writes `rows` (objects keyed by column) to `path`; `drop` leaves a column out. */
export async function writeMaskGroupsParquet(path: string, rows: Record<string, unknown>[], options: { imageAsStruct?: boolean; groupsFlat?: boolean; drop?: string } = {}): Promise<string> {
  let fullSchema: object[] = maskGroupsSchema(options.imageAsStruct ?? false, options.groupsFlat);
  let columnData = MASKGROUPS_TEST_COLUMNS.map((c) => ({ name: c, data: rows.map((r) => r[c]) }));
  if (options.drop !== undefined) {
    // Rebuild without the column: its subtree is the elements up to the next top-level name.
    const top = new Set(MASKGROUPS_TEST_COLUMNS);
    const start = fullSchema.findIndex((e) => (e as { name: string }).name === options.drop);
    let end = start + 1;
    while (end < fullSchema.length && !top.has((fullSchema[end] as { name: string }).name)) end++;
    fullSchema = [{ name: 'root', num_children: 4 }, ...fullSchema.slice(1, start), ...fullSchema.slice(end)];
    columnData = columnData.filter((c) => c.name !== options.drop);
  }
  await writeFile(path, new Uint8Array(parquetWriteBuffer({ columnData, schema: fullSchema as never, rowGroupSize: 2 })));
  return path;
}
