/**
 * Format detection from content: each supported format is recognised, and anything else is
 * rejected with a message that says what was found.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectFormat, parseAnnotationFile, readAnnotationFile } from '../../../src/core/formats/detect.js';
import { cocoFixture, lvisFixture, owsegFixture, resultsFixture } from './fixtures.js';

test('each format is detected from its content', () => {
  assert.equal(detectFormat(cocoFixture()), 'coco-instances');
  assert.equal(detectFormat(lvisFixture()), 'lvis');
  assert.equal(detectFormat(resultsFixture()), 'coco-results');
  assert.equal(detectFormat([]), 'coco-results');
  assert.equal(detectFormat(owsegFixture()), 'owseg-result');
  assert.equal(detectFormat({ images: [], annotations: [], categories: [] }), 'coco-instances');
  assert.equal(detectFormat({ images: [], annotations: [], categories: [{ id: 1, name: 'a', frequency: 'r' }] }), 'lvis');
  assert.equal(detectFormat({ images: [{ id: 1, neg_category_ids: [] }], annotations: [] }), 'lvis');
  assert.equal(detectFormat({ format: 'something else' }), 'owseg-result');
});

test('other values are rejected, saying what they are', () => {
  const expected = 'expected a COCO instances or LVIS object, a COCO results array, or an owseg result';
  assert.throws(() => detectFormat({ type: 'panoptic', segments_info: [] }, { source: 'p.json' }), {
    name: 'InvalidInputError',
    message: `p.json: ${expected} (got an object with keys type, segments_info)`,
  });
  assert.throws(() => detectFormat('hello'), { message: `input: ${expected} (got string)` });
  assert.throws(() => detectFormat(null), { message: `input: ${expected} (got null)` });
});

test('a detected file is validated by its own schema', () => {
  assert.deepEqual(parseAnnotationFile(lvisFixture()), { format: 'lvis', data: lvisFixture() });
  const wrong = { ...owsegFixture(), format: 'coco' };
  assert.throws(() => parseAnnotationFile(wrong, { source: 'r.json' }), { message: 'r.json: format: expected "owseg.result" (got "coco")' });
});

test('readAnnotationFile returns the tagged format and data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-detect-'));
  try {
    const cases = [
      ['coco-instances', cocoFixture()],
      ['lvis', lvisFixture()],
      ['coco-results', resultsFixture()],
      ['owseg-result', owsegFixture()],
    ] as const;
    for (const [format, data] of cases) {
      const path = join(dir, `${format}.json`);
      await writeFile(path, JSON.stringify(data));
      assert.deepEqual(await readAnnotationFile(path), { format, data });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
