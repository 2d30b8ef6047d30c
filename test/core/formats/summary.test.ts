/**
 * File summaries: counts, segmentation kinds, area and score ranges, top categories and the
 * LVIS frequency split, checked against the hand-built fixtures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats, summarize } from '../../../src/core/formats/summary.js';
import { cocoFixture, lvisFixture, owsegFixture, resultsFixture } from './fixtures.js';

test('stats: min, median (middle pair averaged), max', () => {
  assert.equal(stats([]), null);
  assert.deepEqual(stats([5]), { min: 5, median: 5, max: 5 });
  assert.deepEqual(stats([12, 5, 3]), { min: 3, median: 5, max: 12 });
  assert.deepEqual(stats([4, 1, 10, 2]), { min: 1, median: 3, max: 10 });
});

test('COCO instances', () => {
  assert.deepEqual(summarize({ format: 'coco-instances', data: cocoFixture() }), {
    format: 'coco-instances',
    images: 2,
    annotations: 3,
    categories: 2,
    crowd: 1,
    segmentation: { polygon: 1, rle: 1, uncompressedRle: 1 },
    area: { min: 3, median: 5, max: 12 },
    topCategories: [
      { id: 1, name: 'cat', count: 2 },
      { id: 3, name: 'dog', count: 1 },
    ],
  });
});

test('LVIS adds the frequency split', () => {
  const summary = summarize({ format: 'lvis', data: lvisFixture() });
  assert.equal(summary.format, 'lvis');
  assert.deepEqual(summary.format === 'lvis' && summary.frequency, {
    r: { categories: 1, annotations: 0 },
    c: { categories: 1, annotations: 2 },
    f: { categories: 1, annotations: 1 },
  });
  assert.deepEqual(summary.format === 'lvis' && summary.topCategories, [
    { id: 2, name: 'apple', count: 2 },
    { id: 3, name: 'banana', count: 1 },
  ]);
});

test('COCO results: distinct images and categories, areas from area or RLE, score range', () => {
  assert.deepEqual(summarize({ format: 'coco-results', data: resultsFixture() }), {
    format: 'coco-results',
    images: 2,
    results: 3,
    categories: 2,
    segmentation: { polygon: 0, rle: 2, uncompressedRle: 1 },
    area: { min: 3, median: 5, max: 5 },
    score: { min: 0.25, max: 0.9 },
    topCategories: [
      { id: 1, name: null, count: 2 },
      { id: 3, name: null, count: 1 },
    ],
  });
});

test('top lists keep the ten largest, ties broken by id', () => {
  const data = cocoFixture();
  data.categories = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `c${i + 1}` }));
  data.annotations = data.categories.flatMap((category, i) =>
    Array.from({ length: i % 3 === 0 ? 2 : 1 }, (_, k) => ({
      ...cocoFixture().annotations[0]!,
      id: 100 * category.id + k,
      category_id: category.id,
    })),
  );
  const summary = summarize({ format: 'coco-instances', data });
  assert.ok(summary.format === 'coco-instances');
  assert.deepEqual(
    summary.topCategories.map((c) => [c.id, c.count]),
    [[1, 2], [4, 2], [7, 2], [10, 2], [2, 1], [3, 1], [5, 1], [6, 1], [8, 1], [9, 1]],
  );
});

test('owseg result', () => {
  assert.deepEqual(summarize({ format: 'owseg-result', data: owsegFixture() }), {
    format: 'owseg-result',
    version: 1,
    image: { path: 'photos/cat.jpg', width: 5, height: 4 },
    model: { name: 'sam-tiny', family: 'sam', pack: 'packs/sam-tiny' },
    task: 'everything',
    regions: 3,
    named: 2,
    unnamed: 1,
    area: { min: 1, median: 3, max: 4 },
    score: { min: 0.5, max: 0.75 },
    topNames: [{ name: 'cat', count: 2 }],
  });
});
