/**
 * Stuff merging by hand: 4-adjacency only, transitivity over chains, things never merged, the
 * largest member's name, dense renumbering in assembly order, and how the predicate is asked.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeStuff } from '../../../src/tasks/dense/merge-stuff.js';
import { denseFromRows, rowsOfIds, throwsField } from './helpers.js';

const exact = (a: string, b: string) => a === b;

test('touching stuff segments with the same meaning become one, named after the largest member', () => {
  const map = denseFromRows(['1122', '1122', '3322'], { 1: ['sky', false], 2: ['sky', false], 3: ['grass', false] });
  const merged = mergeStuff(map, exact);
  assert.deepEqual(rowsOfIds(merged), ['1111', '1111', '2211']);
  assert.deepEqual(merged.segments, [
    { id: 1, sourceIndex: 1, name: 'sky', isthing: false, area: 10, bbox: [0, 0, 4, 3] },
    { id: 2, sourceIndex: 2, name: 'grass', isthing: false, area: 2, bbox: [0, 2, 2, 1] },
  ]);
  assert.deepEqual([...merged.newIdOf], [0, 1, 1, 2]);
});

test('only 4-neighbours touch: diagonal contact or a void gap keeps segments apart', () => {
  const diagonal = denseFromRows(['1.', '.2'], { 1: ['sky', false], 2: ['sky', false] });
  assert.deepEqual(rowsOfIds(mergeStuff(diagonal, exact)), ['1.', '.2']);
  const gap = denseFromRows(['1.2'], { 1: ['sky', false], 2: ['sky', false] });
  assert.deepEqual(rowsOfIds(mergeStuff(gap, exact)), ['1.2']);
});

test('merging is transitive over adjacency: a chain merges whole even when its ends would not match', () => {
  const map = denseFromRows(['123'], { 1: ['sky', false], 2: ['blue sky', false], 3: ['blue', false] });
  const alike = (a: string, b: string) => a.includes(b) || b.includes(a);
  assert.equal(alike('sky', 'blue'), false);
  const merged = mergeStuff(map, alike);
  assert.deepEqual(rowsOfIds(merged), ['111']);
  assert.equal(merged.segments[0]!.name, 'sky', 'equal areas: the lowest id’s name');
});

test('things are never merged, neither with things of the same name nor with stuff', () => {
  const map = denseFromRows(['1122', '3344'], { 1: ['car', true], 2: ['car', true], 3: ['car', false], 4: ['grass', false] });
  const merged = mergeStuff(map, exact);
  assert.deepEqual(rowsOfIds(merged), ['1122', '3344']);
  assert.deepEqual(merged.segments.map((s) => [s.name, s.isthing]), [['car', true], ['car', true], ['car', false], ['grass', false]]);
});

test('ids are renumbered 1…K in order of each group’s lowest old id; the largest member (ties: lower id) names it', () => {
  const map = denseFromRows(['2113', '2443'], { 1: ['wall', false], 2: ['person', true], 3: ['floor', false], 4: ['wall', false] });
  const merged = mergeStuff(map, exact);
  assert.deepEqual(rowsOfIds(merged), ['2113', '2113']);
  assert.deepEqual(merged.segments.map((s) => [s.id, s.name, s.area, s.sourceIndex]), [[1, 'wall', 4, 0], [2, 'person', 2, 1], [3, 'floor', 2, 2]]);
  assert.deepEqual([...merged.newIdOf], [0, 1, 2, 3, 1]);
  const larger = denseFromRows(['1222'], { 1: ['lawn', false], 2: ['grass', false] });
  assert.equal(mergeStuff(larger, () => true).segments[0]!.name, 'grass');
});

test('sameMeaning is asked once per touching stuff pair, lower id’s name first, never for things or void', () => {
  const map = denseFromRows(['3311', '3311', '2.44'], { 1: ['a', false], 2: ['b', false], 3: ['c', false], 4: ['d', true] });
  const calls: string[] = [];
  mergeStuff(map, (a, b) => {
    calls.push(`${a}${b}`);
    return false;
  });
  assert.deepEqual(calls.sort(), ['ac', 'bc']);
});

test('mergeStuff refuses an inconsistent map, a missing predicate and a non-boolean answer', () => {
  const map = denseFromRows(['12'], { 1: ['a', false], 2: ['a', false] });
  throwsField(() => mergeStuff({ ...map, segments: map.segments.slice(0, 1) }, exact), 'map.segments', /id 2 has pixels/);
  throwsField(() => mergeStuff({ ...map, segments: [...map.segments, { ...map.segments[0]!, id: 7 }] }, exact), 'map.segments[2].id');
  throwsField(() => mergeStuff({ ...map, segments: [{ ...map.segments[0]!, sourceIndex: -1 }, map.segments[1]!] }, exact), 'map.segments[0].sourceIndex');
  throwsField(() => mergeStuff({ ...map, ids: new Int32Array(3) }, exact), 'map.ids');
  throwsField(() => mergeStuff(map, 'same' as never), 'sameMeaning');
  throwsField(() => mergeStuff(map, (() => 1) as never), 'sameMeaning', /returning true or false/);
});
