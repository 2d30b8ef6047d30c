/**
 * Tests for bitmap.connectedComponents and componentStats: labelling order, 4 vs 8 neighbours,
 * stats, edge sizes and bad input. scipy comparisons live in oracle.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentStats, connectedComponents } from '../../../src/core/bitmap/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskFromRows } from './masks.js';

test('labels follow the raster order of each component’s first pixel', () => {
  const mask = maskFromRows(['0011', '1000', '1011']);
  const { count, labels } = connectedComponents(mask, 4);
  assert.equal(count, 3);
  assert.deepEqual(Array.from(labels), [0, 0, 1, 1, 2, 0, 0, 0, 2, 0, 3, 3]);
});

test('diagonal neighbours join under 8-connectivity only', () => {
  const mask = maskFromRows(['101', '010', '101']);
  assert.equal(connectedComponents(mask, 8).count, 1);
  assert.equal(connectedComponents(mask, 4).count, 5);
});

test('a U shape whose arms meet late keeps one label (union of provisional labels)', () => {
  const mask = maskFromRows(['1010101', '1010101', '1111111']);
  const { count, labels } = connectedComponents(mask, 4);
  assert.equal(count, 1);
  assert.ok(Array.from(labels).every((label, i) => label === mask.data[i]));
});

test('8-connectivity joins through the upper-right neighbour', () => {
  const mask = maskFromRows(['0001', '0010', '1100']);
  assert.equal(connectedComponents(mask, 8).count, 1);
  assert.equal(connectedComponents(mask, 4).count, 3);
});

test('componentStats gives area and tight end-exclusive boxes per label', () => {
  const mask = maskFromRows(['0110', '0100', '0001']);
  const stats = componentStats(connectedComponents(mask, 4));
  assert.deepEqual(stats, [
    { label: 1, area: 3, box: [1, 0, 3, 2] },
    { label: 2, area: 1, box: [3, 2, 4, 3] },
  ]);
});

test('empty, full and zero-sized masks', () => {
  assert.equal(connectedComponents(maskFromRows(['000', '000']), 8).count, 0);
  const full = connectedComponents(maskFromRows(['111', '111']), 4);
  assert.equal(full.count, 1);
  assert.deepEqual(componentStats(full), [{ label: 1, area: 6, box: [0, 0, 3, 2] }]);
  const none = connectedComponents({ height: 0, width: 5, data: new Uint8Array(0) }, 8);
  assert.equal(none.count, 0);
  assert.deepEqual(componentStats(none), []);
});

test('checkerboards, the worst case for provisional labels, label correctly', () => {
  const rows = Array.from({ length: 7 }, (_, y) => Array.from({ length: 9 }, (_, x) => ((x + y) % 2 === 0 ? '1' : '0')).join(''));
  assert.equal(connectedComponents(maskFromRows(rows), 4).count, 32);
  assert.equal(connectedComponents(maskFromRows(rows), 8).count, 1);
});

test('bad arguments are named', () => {
  const mask = maskFromRows(['1']);
  const field = (name: string) => (e: unknown) => e instanceof InvalidInputError && e.field === name;
  assert.throws(() => connectedComponents(mask, 6 as never), field('connectivity'));
  assert.throws(() => connectedComponents(mask, undefined as never), field('connectivity'));
  assert.throws(() => connectedComponents({ height: 1, width: 1 } as never, 4), field('mask.data'));
  assert.throws(() => componentStats({} as never), field('components'));
  const labels = new Int32Array([0, 3]);
  assert.throws(() => componentStats({ height: 1, width: 2, count: 1, labels }), field('components.labels'));
  assert.throws(() => componentStats({ height: 2, width: 2, count: 1, labels }), field('components'));
});
