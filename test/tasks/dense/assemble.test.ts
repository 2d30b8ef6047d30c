/**
 * Dense assembly by hand: objectness order and its tie rules, first claim wins, the visible-fraction
 * and minimum-area drops, dropped candidates leaving their pixels to later ones, and refused input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assemblePanoptic, type NamedCandidate } from '../../../src/tasks/dense/assemble.js';
import { maskFromRows } from '../../core/bitmap/masks.js';
import { rowsOfIds, throwsField } from './helpers.js';

const candidate = (rows: string[], objectness: number, name = 'x', isthing = true): NamedCandidate => ({
  mask: maskFromRows(rows),
  objectness,
  name,
  isthing,
});

test('ids follow objectness descending; unclaimed pixels are void; area and box are of the kept pixels', () => {
  const result = assemblePanoptic([
    candidate(['1100', '1100', '0000'], 0.3, 'cup'),
    candidate(['0000', '0011', '0011'], 0.8, 'sky', false),
  ]);
  assert.deepEqual(rowsOfIds(result), ['22..', '2211', '..11']);
  assert.deepEqual(result.segments, [
    { id: 1, sourceIndex: 1, name: 'sky', isthing: false, area: 4, bbox: [2, 1, 2, 2] },
    { id: 2, sourceIndex: 0, name: 'cup', isthing: true, area: 4, bbox: [0, 0, 2, 2] },
  ]);
  assert.equal(result.height, 3);
  assert.equal(result.width, 4);
});

test('a contested pixel goes to the higher objectness; the other keeps the rest', () => {
  const result = assemblePanoptic([candidate(['1110', '1110'], 0.5), candidate(['0011', '0011'], 0.9)]);
  assert.deepEqual(rowsOfIds(result), ['2211', '2211']);
  assert.deepEqual(result.segments.map((s) => [s.sourceIndex, s.area]), [[1, 4], [0, 4]]);
});

test('equal objectness: the larger mask first, then the lower index', () => {
  const larger = assemblePanoptic([candidate(['0110'], 0.5, 'small'), candidate(['0111'], 0.5, 'large')]);
  assert.deepEqual(rowsOfIds(larger), ['.111']);
  assert.deepEqual(larger.segments.map((s) => s.name), ['large']);
  const lower = assemblePanoptic([candidate(['1100'], 0.5, 'first'), candidate(['0110'], 0.5, 'second')], { minVisibleFraction: 0 });
  assert.deepEqual(rowsOfIds(lower), ['112.']);
  assert.deepEqual(lower.segments.map((s) => s.name), ['first', 'second']);
});

test('a candidate keeping less than minVisibleFraction (default 0.5) of its area is dropped; exactly half is kept', () => {
  const swallowed = assemblePanoptic([candidate(['1111', '1111'], 0.9, 'table'), candidate(['0111', '0000'], 0.5, 'cup')]);
  assert.deepEqual(rowsOfIds(swallowed), ['1111', '1111']);
  assert.equal(swallowed.segments.length, 1);
  const half = assemblePanoptic([candidate(['1100'], 0.9), candidate(['0111'], 0.5)]);
  assert.deepEqual(rowsOfIds(half), ['1122'], 'keeps 2 of 3 pixels');
  const exactlyHalf = assemblePanoptic([candidate(['1100'], 0.9), candidate(['0110'], 0.5)]);
  assert.deepEqual(rowsOfIds(exactlyHalf), ['112.'], 'keeps 1 of 2 pixels: 1 < 0.5 × 2 is false');
  const stricter = assemblePanoptic([candidate(['1100'], 0.9), candidate(['0111'], 0.5)], { minVisibleFraction: 0.7 });
  assert.deepEqual(rowsOfIds(stricter), ['11..']);
});

test('a dropped candidate claims nothing: its pixels stay free for lower-ranked candidates, else void', () => {
  const result = assemblePanoptic([
    candidate(['1100'], 0.9, 'a'),
    candidate(['1110'], 0.7, 'dropped'),
    candidate(['0011'], 0.4, 'b'),
  ]);
  assert.deepEqual(rowsOfIds(result), ['1122'], 'the dropped candidate’s free pixel (x=2) went to b');
  assert.deepEqual(result.segments.map((s) => s.name), ['a', 'b']);
  const nobody = assemblePanoptic([candidate(['1100'], 0.9, 'a'), candidate(['1110'], 0.7, 'dropped')]);
  assert.deepEqual(rowsOfIds(nobody), ['11..']);
});

test('minArea (default 1) drops candidates keeping too few pixels, so empty masks never become segments', () => {
  const empty = assemblePanoptic([candidate(['0000'], 0.9), candidate(['0011'], 0.1)]);
  assert.deepEqual(rowsOfIds(empty), ['..11']);
  assert.deepEqual(empty.segments.map((s) => s.sourceIndex), [1]);
  const covered = assemblePanoptic([candidate(['1111'], 0.9), candidate(['0011'], 0.1)], { minVisibleFraction: 0 });
  assert.equal(covered.segments.length, 1, 'fully covered: 0 pixels < minArea even with minVisibleFraction 0');
  const small = assemblePanoptic([candidate(['1100'], 0.9), candidate(['0011'], 0.1)], { minArea: 3 });
  assert.equal(small.segments.length, 0);
  assert.deepEqual(rowsOfIds(small), ['....']);
});

test('assemblePanoptic refuses bad candidates and options, naming the field', () => {
  const good = candidate(['10'], 0.5);
  throwsField(() => assemblePanoptic([]), 'candidates');
  throwsField(() => assemblePanoptic([good, candidate(['10', '00'], 0.5)]), 'candidates[1].mask', /size of candidates\[0\]/);
  throwsField(() => assemblePanoptic([{ ...good, objectness: NaN }]), 'candidates[0].objectness');
  throwsField(() => assemblePanoptic([{ ...good, name: '  ' }]), 'candidates[0].name');
  throwsField(() => assemblePanoptic([{ ...good, isthing: 1 as never }]), 'candidates[0].isthing');
  throwsField(() => assemblePanoptic([{ ...good, mask: { height: 1, width: 2, data: Uint8Array.of(2, 0) } }]), 'candidates[0].mask.data');
  throwsField(() => assemblePanoptic([{ ...good, mask: { height: 0, width: 2, data: new Uint8Array(0) } }]), 'candidates[0].mask');
  throwsField(() => assemblePanoptic([good], { minArea: 0 }), 'options.minArea');
  throwsField(() => assemblePanoptic([good], { minVisibleFraction: 1.5 }), 'options.minVisibleFraction');
  throwsField(() => assemblePanoptic([good], 3 as never), 'options');
});
