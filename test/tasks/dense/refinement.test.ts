/**
 * ROSE's refinement rules by hand: UmI and recall with reference void left out, categories only the
 * prediction has, worst-k ties, the three situations at their exact thresholds, and refused input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LabelMap } from '../../../src/tasks/dense/refinement/label-map.js';
import { situation } from '../../../src/tasks/dense/refinement/situations.js';
import { categoryErrors, worstCategories } from '../../../src/tasks/dense/refinement/umi.js';
import { throwsField } from './helpers.js';

/** A label map from rows of digits, 0 = void. */
const labels = (rows: string[]): LabelMap => ({
  height: rows.length,
  width: rows[0]!.length,
  labels: Uint8Array.from(rows.join(''), Number),
});

test('UmI = |P ∪ R| − |P ∩ R| and recall = |P ∩ R| / |R|, over the pixels where the reference is not void', () => {
  const ref = labels(['1220', '0113']);
  const pred = labels(['1122', '0222']);
  assert.deepEqual([...categoryErrors(pred, ref).values()], [
    { category: 1, umi: 3, recall: 1 / 3 },
    { category: 2, umi: 4, recall: 1 / 2 },
    { category: 3, umi: 1, recall: 0 },
  ]);
});

test('predicting c where the reference is void costs nothing; a category only the prediction has gets no entry', () => {
  const ref = labels(['1100', '0000']);
  const pred = labels(['1111', '5555']);
  const errors = categoryErrors(pred, ref);
  assert.deepEqual([...errors.keys()], [1]);
  assert.deepEqual(errors.get(1), { category: 1, umi: 0, recall: 1 });
  const covering = categoryErrors(labels(['55']), labels(['11']));
  assert.deepEqual(covering.get(1), { category: 1, umi: 2, recall: 0 }, 'its pixels count against the reference category they cover');
});

test('worstCategories: largest UmI first, equal UmI to the lower id, at most k (default 5)', () => {
  const ref = labels(['1234567', '1234567']);
  const pred = labels(['0000000', '1234567']);
  assert.deepEqual(worstCategories(pred, ref).map((e) => e.category), [1, 2, 3, 4, 5]);
  assert.deepEqual(worstCategories(pred, ref, 2), [
    { category: 1, umi: 1, recall: 0.5 },
    { category: 2, umi: 1, recall: 0.5 },
  ]);
  const uneven = labels(['1122', '2222']);
  assert.deepEqual(worstCategories(labels(['0000', '0000']), uneven, 10).map((e) => [e.category, e.umi]), [[2, 6], [1, 2]]);
});

test('situation: wrong-category when recall < 0.2 and one other category holds more than half of R_c', () => {
  const ref = labels(['1111111111']);
  assert.deepEqual(situation(labels(['3333332200']), ref, 1), { kind: 'wrong-category', predictedAs: 3 });
  assert.deepEqual(situation(labels(['3333322000']), ref, 1), { kind: 'missed' }, 'exactly half is not more than half');
  assert.deepEqual(situation(labels(['0000000000']), ref, 1), { kind: 'missed' }, 'void holds it all: void is never a category');
  assert.deepEqual(situation(labels(['1333333333']), ref, 1), { kind: 'wrong-category', predictedAs: 3 }, 'recall 0.1');
  assert.deepEqual(situation(labels(['1133333333']), ref, 1), { kind: 'incomplete' }, 'recall exactly 0.2');
  assert.deepEqual(situation(labels(['1111111111']), ref, 1), { kind: 'incomplete' }, 'recall ≥ 0.2 whatever the rest is');
});

test('refinement refuses maps of different sizes, negative ids, untyped labels, a category not in the reference and a bad k', () => {
  const ref = labels(['12']);
  throwsField(() => categoryErrors(labels(['1', '2']), ref), 'pred', /size 2×1/);
  throwsField(() => categoryErrors({ height: 1, width: 2, labels: Int32Array.of(1, -1) }, ref), 'pred.labels', /≥ 0/);
  throwsField(() => categoryErrors(ref, { height: 1, width: 2, labels: [1, 2] as never }), 'ref.labels');
  throwsField(() => categoryErrors(ref, { height: 1, width: 3, labels: Uint8Array.of(1, 2) }), 'ref.labels');
  throwsField(() => situation(ref, ref, 3), 'category');
  throwsField(() => worstCategories(ref, ref, 0), 'k');
});
