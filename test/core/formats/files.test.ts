/**
 * Reading and writing by path: every format survives write → read unchanged, writers leave
 * nothing behind on bad data (and never damage an existing file), readers name the file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  readCocoInstances,
  readCocoResults,
  readLvis,
  readOwsegResult,
  writeCocoInstances,
  writeCocoResults,
  writeLvis,
  writeOwsegResult,
} from '../../../src/core/formats/files.js';
import { cocoFixture, lvisFixture, owsegFixture, resultsFixture } from './fixtures.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-formats-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('every format round-trips through its writer and reader', async () => {
  await writeCocoInstances(join(dir, 'coco.json'), cocoFixture());
  assert.deepEqual(await readCocoInstances(join(dir, 'coco.json')), cocoFixture());
  await writeLvis(join(dir, 'lvis.json'), lvisFixture());
  assert.deepEqual(await readLvis(join(dir, 'lvis.json')), lvisFixture());
  await writeCocoResults(join(dir, 'results.json'), resultsFixture());
  assert.deepEqual(await readCocoResults(join(dir, 'results.json')), resultsFixture());
  const result = owsegFixture();
  await writeOwsegResult(join(dir, 'owseg.json'), result);
  assert.deepEqual(await readOwsegResult(join(dir, 'owseg.json')), result);
});

test('a writer given bad data throws and creates no file, not even a temporary one', async () => {
  const sub = await mkdtemp(join(dir, 'bad-'));
  const data = cocoFixture();
  data.annotations[1]!.image_id = 42;
  await assert.rejects(writeCocoInstances(join(sub, 'coco.json'), data), {
    name: 'InvalidInputError',
    message: 'annotations[1].image_id: expected the id of an image (no image has id 42)',
  });
  const result = owsegFixture();
  result.regions[0]!.area = 99;
  await assert.rejects(writeOwsegResult(join(sub, 'owseg.json'), result), { name: 'InvalidInputError' });
  assert.deepEqual(await readdir(sub), []);
});

test('a failed write leaves the existing file untouched', async () => {
  const path = join(dir, 'existing.json');
  await writeOwsegResult(path, owsegFixture());
  const before = await readFile(path, 'utf8');
  const result = owsegFixture();
  result.version = 3 as 1;
  await assert.rejects(writeOwsegResult(path, result), { name: 'InvalidInputError' });
  assert.equal(await readFile(path, 'utf8'), before);
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), []);
});

test('a write into a missing folder fails without leaving anything', async () => {
  await assert.rejects(writeCocoResults(join(dir, 'no-such-folder', 'r.json'), resultsFixture()), { code: 'ENOENT' });
});

test('readers name the file: missing, not JSON, or invalid', async () => {
  const missing = join(dir, 'missing.json');
  await assert.rejects(readCocoInstances(missing), { name: 'InvalidInputError', message: `${missing}: expected an existing file (no such file)` });
  const broken = join(dir, 'broken.json');
  await writeFile(broken, '{"images": [');
  await assert.rejects(readLvis(broken), (error: Error) => {
    assert.equal(error.name, 'InvalidInputError');
    assert.match(error.message, new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected valid JSON \\(.+\\)$`));
    return true;
  });
  const invalid = join(dir, 'invalid.json');
  await writeFile(invalid, JSON.stringify([{ image_id: 1, category_id: 1, segmentation: [[0, 0, 1, 0, 1, 1]] }]));
  await assert.rejects(readCocoResults(invalid), { message: `${invalid}: [0].score: expected a number (missing)` });
  await assert.rejects(readOwsegResult(dir), { message: `${dir}: expected a file (it is a directory)` });
});

test('each reader prefixes schema and cross-check errors with the file path', async () => {
  const coco = cocoFixture();
  coco.annotations[2]!.id = 11;
  const lvis = lvisFixture();
  lvis.images[0]!.neg_category_ids = [9];
  const owseg = { ...owsegFixture(), version: 2 };
  const cases = [
    [readCocoInstances, coco, 'annotations[2].id: expected a unique id (11 is also annotations[1].id)'],
    [readLvis, lvis, 'images[0].neg_category_ids[0]: expected the id of a category (no category has id 9)'],
    [readOwsegResult, owseg, 'version: expected 1, the owseg.result version this owseg reads (got 2, written by a newer owseg: upgrade owseg to read it)'],
  ] as const;
  for (const [read, data, message] of cases) {
    const path = join(dir, `bad-${read.name}.json`);
    await writeFile(path, JSON.stringify(data));
    await assert.rejects(read(path), { name: 'InvalidInputError', message: `${path}: ${message}` });
  }
});

test('a byte-order mark before the JSON is accepted', async () => {
  const path = join(dir, 'bom.json');
  await writeFile(path, `\ufeff${JSON.stringify(resultsFixture())}`);
  assert.deepEqual(await readCocoResults(path), resultsFixture());
});
