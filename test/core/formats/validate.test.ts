/**
 * Error reporting shared by every format: JSON paths in users' notation, and zod issues turned
 * into one "field: expected X (detail)" message, looking inside unions for the real culprit.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { InvalidInputError } from '../../../src/core/errors.js';
import { appendPath, fieldAt } from '../../../src/core/formats/path.js';
import { int } from '../../../src/core/formats/schemas.js';
import { parseOrThrow } from '../../../src/core/formats/validate.js';

test('paths use dots for names, brackets for indices and quoted odd keys', () => {
  assert.equal(appendPath('', ['annotations', 12, 'segmentation', 'counts']), 'annotations[12].segmentation.counts');
  assert.equal(appendPath('', [3, 'score']), '[3].score');
  assert.equal(appendPath('regions[0]', ['extra', 'odd key']), 'regions[0].extra["odd key"]');
  assert.equal(fieldAt(['images', 1, 'id'], 'data/instances.json'), 'data/instances.json: images[1].id');
  assert.equal(fieldAt([], 'data/instances.json'), 'data/instances.json');
  assert.equal(fieldAt([]), 'input');
});

const counts = z.union([z.string(), z.array(int(0))], { error: 'string or number[]' });
const segmentation = z.union([z.array(z.array(z.number())), z.object({ size: z.tuple([int(), int()]), counts })], {
  error: 'polygons or RLE',
});
const file = z.object({ annotations: z.array(z.object({ id: int(), segmentation })) });

function messageOf(schema: z.ZodType, value: unknown, source?: string): string {
  try {
    parseOrThrow(schema, value, source);
  } catch (error) {
    assert.ok(error instanceof InvalidInputError);
    return error.message;
  }
  assert.fail('expected an InvalidInputError');
}

test('a union reports inside the one branch whose shape matched', () => {
  const bad = (seg: unknown) => ({ annotations: [{ id: 1, segmentation: [[1, 2, 3, 4, 5, 6]] }, { id: 2, segmentation: seg }] });
  assert.equal(
    messageOf(file, bad({ size: [2, 2], counts: 5 }), 'instances.json'),
    'instances.json: annotations[1].segmentation.counts: expected string or number[] (got 5)',
  );
  assert.equal(messageOf(file, bad({ size: [2, 2], counts: [1, -1] })), 'annotations[1].segmentation.counts[1]: expected an integer >= 0 (got -1)');
  assert.equal(messageOf(file, bad([[1, 2, 'x']])), 'annotations[1].segmentation[0][2]: expected a number (got "x")');
  assert.equal(messageOf(file, bad('abc')), 'annotations[1].segmentation: expected polygons or RLE (got "abc")');
});

test('built-in issues read as "expected …" with what was found', () => {
  const schema = z.object({
    width: int(1),
    height: z.number().positive(),
    box: z.tuple([z.number(), z.number()]),
    kind: z.enum(['r', 'c']),
    name: z.string(),
  });
  const good = { width: 3, height: 2, box: [1, 2], kind: 'r', name: 'x' };
  assert.equal(messageOf(schema, { ...good, width: 0 }), 'width: expected an integer >= 1 (got 0)');
  assert.equal(messageOf(schema, { ...good, width: 1.5 }), 'width: expected an integer (got 1.5)');
  assert.equal(messageOf(schema, { ...good, height: 0 }), 'height: expected a number > 0 (got 0)');
  assert.equal(messageOf(schema, { ...good, box: [1] }), 'box: expected at least 2 items (got 1 item)');
  assert.equal(messageOf(schema, { ...good, kind: 'x' }), 'kind: expected one of "r", "c" (got "x")');
  assert.equal(messageOf(schema, { ...good, name: undefined }), 'name: expected a string (missing)');
  assert.equal(messageOf(schema, { ...good, width: 'y'.repeat(100) }, 'f.json'), `f.json: width: expected an integer (got "${'y'.repeat(36)}...)`);
  assert.equal(messageOf(schema, null, 'f.json'), 'f.json: expected an object (got null)');
});

test('unknown keys in a strict object name the object, the allowed fields and the key', () => {
  const schema = z.strictObject({ id: int(), extra: z.record(z.string(), z.unknown()).optional() });
  assert.equal(
    messageOf(z.object({ regions: z.array(schema) }), { regions: [{ id: 1, colour: 'red' }] }),
    'regions[0]: expected only the fields id, and "extra" for custom data (got "colour")',
  );
});
