/**
 * The app's document edits and undo, in Node: prompts grow one click at a time into one region,
 * rename/delete/merge keep ids and order, and undo gives back exactly the previous document.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { regionFromMask } from '../../src/core/formats/owseg-result.js';
import { decode } from '../../src/core/rle/index.js';
import {
  addRegions,
  emptyDoc,
  extendPrompt,
  finishPrompt,
  mergeRegions,
  remove,
  rename,
  withNames,
  withPromptMask,
  withRegions,
} from '../../web/src/state/document.js';
import { commit, freshHistory, undo } from '../../web/src/state/history.js';
import { rectangleMask } from '../helpers/random.js';

const rect = (x0: number, y0: number, x1: number, y1: number) => rectangleMask(10, 12, [x0, y0, x1, y1]);

test('clicks extend one prompt into one region until it is finished; the next click starts a new region', () => {
  const first = extendPrompt(emptyDoc, { point: [2.5, 3.5], label: 1 });
  let doc = withPromptMask(emptyDoc, first, rect(0, 0, 5, 5), 0.9);
  assert.deepEqual(doc.regions.map((r) => [r.id, r.area, r.predictedIou]), [[1, 25, 0.9]]);
  const second = extendPrompt(doc, { point: [8.5, 8.5], label: 0 });
  assert.equal(second.regionId, 1);
  doc = withPromptMask(doc, second, rect(0, 0, 4, 4), 0.8);
  assert.deepEqual(doc.regions.map((r) => [r.id, r.area]), [[1, 16]]);
  assert.deepEqual(doc.regions[0]!.extra, { prompt: { points: [[2.5, 3.5], [8.5, 8.5]], labels: [1, 0] } });
  doc = finishPrompt(doc);
  const third = extendPrompt(doc, { box: [1, 1, 6, 6] });
  assert.equal(third.regionId, 2);
  doc = withPromptMask(doc, third, rect(1, 1, 6, 6), 0.7);
  assert.deepEqual(doc.regions.map((r) => r.id), [1, 2]);
  assert.deepEqual(doc.regions[1]!.extra, { prompt: { points: [], labels: [], box: [1, 1, 6, 6] } });
});

test('rename, name, delete and merge keep ids and order; merge is the union', () => {
  let doc = withRegions([regionFromMask(7, rect(0, 0, 3, 3)), regionFromMask(9, rect(5, 5, 8, 8)), regionFromMask(4, rect(2, 2, 6, 6))]);
  assert.deepEqual(doc.regions.map((r) => r.id), [1, 2, 3]);
  doc = withNames(doc, [1, 3], ['cat', 'dog']);
  doc = rename(doc, 2, '  sky ');
  assert.deepEqual(doc.regions.map((r) => r.name), ['cat', 'sky', 'dog']);
  assert.equal(rename(doc, 2, ' ').regions[1]!.name, undefined);
  assert.equal('name' in rename(doc, 2, '').regions[1]!, false);
  const merged = mergeRegions(doc, new Set([1, 3]));
  assert.deepEqual(merged.regions.map((r) => [r.id, r.name]), [[1, 'cat'], [2, 'sky']]);
  const union = decode(merged.regions[0]!.segmentation);
  const expected = rect(0, 0, 3, 3).data.map((v, i) => v | rect(2, 2, 6, 6).data[i]!);
  assert.deepEqual(union.data, expected);
  assert.equal(merged.regions[0]!.area, expected.reduce((a, b) => a + b, 0));
  assert.deepEqual(remove(doc, new Set([2])).regions.map((r) => r.id), [1, 3]);
  const added = addRegions(doc, [regionFromMask(1, rect(0, 0, 1, 1))]);
  assert.deepEqual(added.regions.map((r) => r.id), [1, 2, 3, 4]);
  assert.equal(added.nextId, 5);
});

test('undo returns each earlier document in turn and stops at the first', () => {
  let history = freshHistory;
  const a = withRegions([regionFromMask(1, rect(0, 0, 2, 2))]);
  const b = rename(a, 1, 'cup');
  history = commit(commit(history, a), b);
  assert.equal(commit(history, history.present), history);
  history = undo(history);
  assert.equal(history.present, a);
  history = undo(history);
  assert.equal(history.present, emptyDoc);
  assert.equal(undo(history), history);
});
