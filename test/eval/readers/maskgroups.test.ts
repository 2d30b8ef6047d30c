/**
 * The MaskGroups-HQ parquet reader on small files written with hyparquet-writer in the dataset's
 * nested layout: row-group streaming, the image forms, flat or nested groups, and named errors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { compress } from '../../../src/core/rle/index.js';
import { readMaskGroups, type MaskGroupsSample } from '../../../src/eval/readers/maskgroups.js';
import { MASKGROUPS_TEST_COLUMNS, maskGroupsSchema, parquetMask, utf8, writeMaskGroupsParquet } from '../../helpers/maskgroups-parquet.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-maskgroups-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mask = parquetMask;
const write = (name: string, rows: Record<string, unknown>[], options: { imageAsStruct?: boolean; groupsFlat?: boolean; drop?: string } = {}) => writeMaskGroupsParquet(join(dir, name), rows, options);

function row(i: number): Record<string, unknown> {
  return {
    image: `sa_${i}.jpg`,
    conversations: [
      { from: 'human', value: `<image>\n<mask_pool>\nthe ${i} dogs` },
      { from: 'gpt', value: '<mask_pool_group>' },
    ],
    mask_pool: [mask(2, 3, [1, 5]), mask(2, 3, [6])],
    gt_mask_pool: [mask(2, 3, [0, 2, 4]), mask(2, 3, [3, 3]), mask(2, 3, [6])],
    gt_mask_group: [[BigInt(i % 3), 2n]],
  };
}

async function collect(path: string): Promise<MaskGroupsSample[]> {
  const out: MaskGroupsSample[] = [];
  for await (const sample of readMaskGroups(path)) out.push(sample);
  return out;
}

test('rows across row groups become samples in order, with RLE masks and group indices', async () => {
  const path = await write('three.parquet', [row(0), row(1), row(2)]);
  const samples = await collect(path);
  assert.equal(samples.length, 3);
  assert.deepEqual(samples[1], {
    row: 1,
    image: { file: 'sa_1.jpg' },
    conversations: [
      { from: 'human', value: '<image>\n<mask_pool>\nthe 1 dogs' },
      { from: 'gpt', value: '<mask_pool_group>' },
    ],
    maskPool: [
      { size: [2, 3], counts: compress({ size: [2, 3], counts: [1, 5] }).counts },
      { size: [2, 3], counts: compress({ size: [2, 3], counts: [6] }).counts },
    ],
    gtMaskPool: [
      { size: [2, 3], counts: compress({ size: [2, 3], counts: [0, 2, 4] }).counts },
      { size: [2, 3], counts: compress({ size: [2, 3], counts: [3, 3] }).counts },
      { size: [2, 3], counts: compress({ size: [2, 3], counts: [6] }).counts },
    ],
    gtMaskGroups: [[1, 2]],
  });
  assert.deepEqual(samples.map((s) => s.gtMaskGroups), [[[0, 2]], [[1, 2]], [[2, 2]]]);
});

test('image bytes in the datasets Image struct, and a flat index list as one group', async () => {
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x80]);
  const r = { ...row(0), image: { bytes, path: 'a.jpg' }, gt_mask_group: [0n, 1n] };
  const [sample] = await collect(await write('struct.parquet', [r], { imageAsStruct: true, groupsFlat: true }));
  assert.deepEqual(sample!.image, { bytes, file: 'a.jpg' });
  assert.deepEqual(sample!.gtMaskGroups, [[0, 1]]);
});

test('an id column, when present, is carried over', async () => {
  const path = join(dir, 'ids.parquet');
  const rows = [row(0), row(1)];
  const withId = [{ name: 'root', num_children: 6 }, { name: 'id', ...utf8 }, ...maskGroupsSchema(false).slice(1)];
  const columnData = [{ name: 'id', data: ['q-17', 'q-18'] }, ...MASKGROUPS_TEST_COLUMNS.map((c) => ({ name: c, data: rows.map((r) => r[c]) }))];
  await writeFile(path, new Uint8Array(parquetWriteBuffer({ columnData, schema: withId as never })));
  assert.deepEqual((await collect(path)).map((s) => [s.row, s.id]), [[0, 'q-17'], [1, 'q-18']]);
});

test('errors name the file, row and field', async () => {
  const missing = join(dir, 'none.parquet');
  await assert.rejects(collect(missing), { name: 'InvalidInputError', message: `${missing}: expected a MaskGroups-HQ parquet file (no such file)` });
  const notParquet = join(dir, 'text.parquet');
  await writeFile(notParquet, 'hello, not parquet');
  await assert.rejects(collect(notParquet), { name: 'InvalidInputError', message: new RegExp(`^${notParquet}: expected a parquet file`) });
  const noGroups = await write('nogroup.parquet', [row(0)], { drop: 'gt_mask_group' });
  await assert.rejects(collect(noGroups), {
    message: `${noGroups}: columns: expected image, conversations, mask_pool, gt_mask_pool, gt_mask_group (no gt_mask_group among image, conversations, mask_pool, gt_mask_pool)`,
  });
  const outOfRange = await write('range.parquet', [row(0), { ...row(1), gt_mask_group: [[0n, 3n]] }]);
  await assert.rejects(collect(outOfRange), { message: `${outOfRange}: row 1: gt_mask_group[0][1]: expected an index into gt_mask_pool (0 to 2) (got 3)` });
  const badRuns = await write('runs.parquet', [{ ...row(0), mask_pool: [{ size: [2n, 3n], counts: compress({ size: [2, 2], counts: [4] }).counts }] }]);
  await assert.rejects(collect(badRuns), { name: 'InvalidInputError', message: new RegExp(`^${badRuns}: row 0: mask_pool\\[0\\]`) });
});
