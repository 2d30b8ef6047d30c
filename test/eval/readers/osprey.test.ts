/**
 * The Osprey validation JSON reader: items to typed samples with regions paired by index, and
 * errors that name the item and field.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseOspreyJson, readOspreyJson } from '../../../src/eval/readers/osprey.js';

function fixture() {
  return [
    {
      id: 42,
      file_name: '000000000042.jpg',
      height: 4,
      width: 3,
      categories: ['bow_(weapon)', 'dog'],
      annotations: [
        { segmentation: [[0, 0, 2, 0, 2, 3]], bbox: [0, 0, 2, 3], category_id: 5 },
        { segmentation: { size: [4, 3], counts: [0, 12] } },
      ],
    },
    { id: 'x', file_name: 'b.jpg', height: 2, width: 2, categories: [], annotations: [] },
  ];
}

test('items become samples; regions pair categories[i] with annotations[i]; other keys are dropped', () => {
  assert.deepEqual(parseOspreyJson(fixture()), [
    {
      id: 42,
      imageFile: '000000000042.jpg',
      width: 3,
      height: 4,
      regions: [
        { segmentation: [[0, 0, 2, 0, 2, 3]], name: 'bow_(weapon)' },
        { segmentation: { size: [4, 3], counts: [0, 12] }, name: 'dog' },
      ],
    },
    { id: 'x', imageFile: 'b.jpg', width: 2, height: 2, regions: [] },
  ]);
});

function rejects(mutate: (data: ReturnType<typeof fixture>) => void, message: string): void {
  const data = fixture();
  mutate(data);
  assert.throws(() => parseOspreyJson(data, 'val.json'), { name: 'InvalidInputError', message });
}

test('bad items are named by index and field', () => {
  rejects((d) => d[0]!.categories.pop(), 'val.json: [0].categories: expected one category per annotation (2) (got 1)');
  rejects((d) => {
    d[1]!.id = 42;
  }, 'val.json: [1].id: expected an id no other item has (42 repeats)');
  rejects((d) => {
    d[0]!.annotations[1]!.segmentation = { size: [3, 4], counts: [0, 12] };
  }, "val.json: [0].annotations[1].segmentation.size: expected [4, 3], the item's height and width (got [3, 4])");
  rejects((d) => {
    d[0]!.annotations[0]!.segmentation = [[0, 0, 1, 1]];
  }, 'val.json: [0].annotations[0].segmentation[0]: expected at least 6 numbers, 3 (x, y) points (got 4)');
  rejects((d) => {
    (d[0] as { file_name?: string }).file_name = undefined;
  }, 'val.json: [0].file_name: expected a string (missing)');
  assert.throws(() => parseOspreyJson({ images: [] }, 'val.json'), { message: /^val\.json: expected an array/ });
});

test('readOspreyJson names a missing file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-osprey-'));
  try {
    const path = join(dir, 'val.json');
    await assert.rejects(readOspreyJson(path), { name: 'InvalidInputError', message: `${path}: expected an existing file (no such file)` });
    await writeFile(path, JSON.stringify(fixture()));
    assert.equal((await readOspreyJson(path)).length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
