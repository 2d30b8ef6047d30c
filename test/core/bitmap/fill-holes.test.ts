/**
 * Tests for bitmap.fillHoles: enclosed background becomes foreground, border-connected
 * background stays, and the connectivity option decides corner contacts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillHoles } from '../../../src/core/bitmap/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskFromRows, rowsOf } from './masks.js';

test('enclosed background is filled, background touching the border is not', () => {
  const mask = maskFromRows(['11111', '10101', '11111', '00100']);
  assert.deepEqual(rowsOf(fillHoles(mask)), ['11111', '11111', '11111', '00100']);
  const open = maskFromRows(['11111', '10001', '10111']);
  assert.deepEqual(rowsOf(fillHoles(open)), rowsOf(open));
});

test('a hole meeting the outside only at a corner is filled with 4- but not 8-connectivity', () => {
  const mask = maskFromRows(['1110', '1101', '1111']);
  assert.deepEqual(rowsOf(fillHoles(mask)), ['1110', '1111', '1111']);
  assert.deepEqual(rowsOf(fillHoles(mask, { connectivity: 4 })), ['1110', '1111', '1111']);
  assert.deepEqual(rowsOf(fillHoles(mask, { connectivity: 8 })), rowsOf(mask));
});

test('empty, full and zero-sized masks; the input is not modified', () => {
  const empty = maskFromRows(['000', '000']);
  assert.deepEqual(rowsOf(fillHoles(empty)), ['000', '000']);
  assert.deepEqual(rowsOf(fillHoles(maskFromRows(['11', '11']))), ['11', '11']);
  assert.equal(fillHoles({ height: 3, width: 0, data: new Uint8Array(0) }).height, 3);
  const ring = maskFromRows(['111', '101', '111']);
  fillHoles(ring);
  assert.equal(ring.data[4], 0);
});

test('bad arguments are named', () => {
  const field = (name: string) => (e: unknown) => e instanceof InvalidInputError && e.field === name;
  assert.throws(() => fillHoles(maskFromRows(['1']), { connectivity: 6 as never }), field('options.connectivity'));
  assert.throws(() => fillHoles(maskFromRows(['1']), 4 as never), field('options'));
  assert.throws(() => fillHoles(null as never), field('mask'));
});
