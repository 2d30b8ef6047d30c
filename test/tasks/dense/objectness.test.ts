/**
 * Objectness and top-N by hand: the product of SAM's scores, the linear size penalty below the
 * full-size fraction, the clamp on SAM's IoU regression, tie order, and every refused input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectness, topN } from '../../../src/tasks/dense/objectness.js';
import { throwsField } from './helpers.js';

test('objectness is predicted IoU × stability once the mask is at least fullSizeFraction of the image', () => {
  assert.equal(objectness({ predictedIou: 0.9, stabilityScore: 0.8, area: 10 }, 10_000), 0.9 * 0.8);
  assert.equal(objectness({ predictedIou: 0.9, stabilityScore: 0.8, area: 10_000 }, 10_000), 0.9 * 0.8);
});

test('below fullSizeFraction (default 0.001) the score falls linearly with the area, to 0 for an empty mask', () => {
  const score = (area: number) => objectness({ predictedIou: 1, stabilityScore: 1, area }, 10_000);
  assert.deepEqual([score(10), score(5), score(1), score(0)], [1, 0.5, 0.1, 0]);
  const custom = objectness({ predictedIou: 1, stabilityScore: 1, area: 10 }, 10_000, { fullSizeFraction: 0.01 });
  assert.equal(custom, 0.1);
});

test("SAM's IoU regression is clamped to [0, 1]", () => {
  assert.equal(objectness({ predictedIou: 1.04, stabilityScore: 0.5, area: 100 }, 100), 0.5);
  assert.equal(objectness({ predictedIou: -0.02, stabilityScore: 0.5, area: 100 }, 100), 0);
});

test('objectness refuses bad candidates, image areas and options, naming the field', () => {
  const good = { predictedIou: 0.9, stabilityScore: 0.9, area: 5 };
  throwsField(() => objectness({ ...good, predictedIou: NaN }, 100), 'candidate.predictedIou');
  throwsField(() => objectness({ ...good, stabilityScore: 1.01 }, 100), 'candidate.stabilityScore');
  throwsField(() => objectness({ ...good, area: 2.5 }, 100), 'candidate.area');
  throwsField(() => objectness({ ...good, area: 101 }, 100), 'candidate.area', /at most imageArea/);
  throwsField(() => objectness(good, 0), 'imageArea');
  throwsField(() => objectness(good, 100, { fullSizeFraction: 0 }), 'options.fullSizeFraction');
  throwsField(() => objectness(good, 100, null as never), 'options');
  throwsField(() => objectness(null as never, 100), 'candidate');
});

test('topN: best first, equal scores to the lower index, all of them when n exceeds the count', () => {
  assert.deepEqual(topN([0.2, 0.9, 0.5, 0.9, 0.5], 3), [1, 3, 2]);
  assert.deepEqual(topN([0.2, 0.9, 0.5], 10), [1, 2, 0]);
  assert.deepEqual(topN([0.2, 0.9], 0), []);
  assert.deepEqual(topN([], 2), []);
});

test('topN refuses scores that cannot be ranked and a bad n', () => {
  throwsField(() => topN([0.1, NaN], 1), 'scores[1]');
  throwsField(() => topN([0.1], -1), 'n');
  throwsField(() => topN([0.1], 1.5), 'n');
  throwsField(() => topN('0.1' as never, 1), 'scores');
});
