/**
 * Segment Anyword's prompt steps on maps small enough to check by hand: the ≥ threshold, tie
 * rules, pixel-centre points, background negatives, entity prompts, and every refused input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import type { AttentionMap } from '../../../src/tasks/ground/prompts/attention-map.js';
import { backgroundNegatives } from '../../../src/tasks/ground/prompts/background.js';
import { entityPrompts } from '../../../src/tasks/ground/prompts/entity-prompts.js';
import { largestRegion } from '../../../src/tasks/ground/prompts/largest-region.js';
import { samplePositivePoints, type PositiveRule } from '../../../src/tasks/ground/prompts/positive-points.js';
import { thresholdMap } from '../../../src/tasks/ground/prompts/threshold.js';
import type { SentenceStructure } from '../../../src/tasks/ground/structure/types.js';
import { maskFromRows, rowsOf } from '../../core/bitmap/masks.js';
import { mapFrom, mapFromRows } from './maps.js';

function throwsField(run: () => unknown, field: string, expected?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, String(error));
    assert.equal(error.field, field);
    if (expected) assert.match(error.message, expected);
    return true;
  });
}

test('thresholdMap keeps values ≥ ratio × max: the cut value itself is in', () => {
  const map = mapFromRows(['0148', '2448']);
  assert.deepEqual(rowsOf(thresholdMap(map, 0.5)), ['0011', '0111']);
  assert.deepEqual(rowsOf(thresholdMap(map, 1)), ['0001', '0001'], 'ratio 1 keeps every pixel at the peak');
  assert.deepEqual(rowsOf(thresholdMap(mapFromRows(['1', '7']))), ['0', '1'], 'default ratio 0.7');
});

test('thresholdMap multiplies in float64: float32(0.7) is below 0.7 × 1, so it is out', () => {
  assert.deepEqual(rowsOf(thresholdMap(mapFrom(3, 1, [0.7, 1, 0.75]), 0.7)), ['011']);
});

test('largestRegion keeps the largest component; equal areas go to the first in raster order', () => {
  const mask = maskFromRows(['1100', '0001', '0011', '1000']);
  assert.deepEqual(rowsOf(largestRegion(mask)), ['0000', '0001', '0011', '0000']);
  const tie = maskFromRows(['0011', '0000', '1100']);
  assert.deepEqual(rowsOf(largestRegion(tie)), ['0011', '0000', '0000']);
});

test('largestRegion: diagonal neighbours join under 8-connectivity only', () => {
  const mask = maskFromRows(['100', '010', '001', '110']);
  assert.deepEqual(rowsOf(largestRegion(mask, 8)), ['100', '010', '001', '110']);
  assert.deepEqual(rowsOf(largestRegion(mask, 4)), ['000', '000', '000', '110']);
});

test('samplePositivePoints: the peak, then farthest points; equal distances go to the first in raster order', () => {
  const map = mapFromRows(['13931']);
  const line = maskFromRows(['11111']);
  assert.deepEqual(samplePositivePoints(map, line, 1), [[2.5, 0.5]]);
  assert.deepEqual(samplePositivePoints(map, line, 3), [[2.5, 0.5], [0.5, 0.5], [4.5, 0.5]]);
  assert.deepEqual(samplePositivePoints(map, line, 4, 'peak+farthest'), [[2.5, 0.5], [0.5, 0.5], [4.5, 0.5], [1.5, 0.5]]);
});

test('samplePositivePoints: the peak is looked for inside the region only, ties to the first pixel', () => {
  const map = mapFromRows(['900', '055', '055']);
  const region = maskFromRows(['000', '011', '011']);
  assert.deepEqual(samplePositivePoints(map, region, 2), [[1.5, 1.5], [2.5, 2.5]]);
});

test('samplePositivePoints: a region smaller than k gives all its pixels, in sampling order', () => {
  const map = mapFromRows(['0000', '0120', '0000']);
  const region = maskFromRows(['0000', '0110', '0000']);
  assert.deepEqual(samplePositivePoints(map, region, 5), [[2.5, 1.5], [1.5, 1.5]]);
});

test('backgroundNegatives: the lowest 10 % outside the region, farthest from it first', () => {
  const map = mapFromRows(['9905555550']);
  const exclude = maskFromRows(['1100000000']);
  // 8 candidates: the cut is the 1st smallest (0), so the low area is x = 2 and x = 9.
  assert.deepEqual(backgroundNegatives(map, 1, exclude), [[9.5, 0.5]]);
  assert.deepEqual(backgroundNegatives(map, 3, exclude), [[9.5, 0.5], [2.5, 0.5]]);
});

test('backgroundNegatives: the cut is the ⌈n / 10⌉-th smallest value, ties at the cut included', () => {
  // 11 candidates → the 2nd smallest value (1) is the cut; 0, 1 and 1 are low.
  const map = mapFromRows(['9', '1', '5', '5', '1', '5', '5', '5', '5', '0', '5', '5']);
  const exclude = maskFromRows(['1', ...Array<string>(11).fill('0')]);
  assert.deepEqual(backgroundNegatives(map, 3, exclude), [[0.5, 9.5], [0.5, 4.5], [0.5, 1.5]]);
});

test('backgroundNegatives: later points keep away from the region and from each other', () => {
  const map = mapFrom(5, 5, new Array(25).fill(1).map((v, i) => (i === 12 ? 9 : v)));
  const exclude = maskFromRows(['00000', '00000', '00100', '00000', '00000']);
  assert.deepEqual(backgroundNegatives(map, 3, exclude), [[0.5, 0.5], [4.5, 0.5], [0.5, 4.5]]);
});

/** "the dog and its red leash": dog (word 1) on the left, leash (5) with "red" (4) on the right. */
const dogAndLeash: SentenceStructure = {
  text: 'the dog and its red leash',
  words: ['the', 'dog', 'and', 'its', 'red', 'leash'].map((text, index) => ({ index, text, start: 0, end: 0 })),
  entities: [
    { phrase: 'the dog', start: 0, end: 7, head: { index: 1, text: 'dog' }, modifiers: [], wordIndices: [0, 1], plural: false },
    { phrase: 'its red leash', start: 12, end: 25, head: { index: 5, text: 'leash' }, modifiers: [4], wordIndices: [3, 4, 5], plural: false },
  ],
};
const dogMap = mapFromRows(['9000', '0000']);
const leashMap = mapFromRows(['0000', '0009']);
const redMap = mapFromRows(['0000', '0090']);

test('entityPrompts: modifiers join the head as positives; other entities are negatives', () => {
  const prompts = entityPrompts([undefined, dogMap, undefined, undefined, redMap, leashMap], dogAndLeash);
  assert.deepEqual(prompts, [
    { entity: 0, points: [[0.5, 0.5], [3.5, 1.5], [2.5, 1.5]], labels: [1, 0, 0] },
    { entity: 1, points: [[3.5, 1.5], [2.5, 1.5], [0.5, 0.5]], labels: [1, 1, 0] },
  ]);
});

test('entityPrompts: a point an entity has as positive is never also its negative', () => {
  const prompts = entityPrompts([undefined, dogMap, undefined, undefined, dogMap, leashMap], dogAndLeash);
  assert.deepEqual(prompts[0], { entity: 0, points: [[0.5, 0.5], [3.5, 1.5]], labels: [1, 0] });
  assert.deepEqual(prompts[1], { entity: 1, points: [[3.5, 1.5], [0.5, 0.5]], labels: [1, 1] });
});

test('entityPrompts: a single entity gets background negatives on its head map, 1 by default', () => {
  const single: SentenceStructure = { ...dogAndLeash, entities: [dogAndLeash.entities[1]!] };
  const leash = mapFromRows(['1221', '2229']);
  const red = mapFromRows(['2222', '2292']);
  const maps = [undefined, undefined, undefined, undefined, red, leash];
  assert.deepEqual(entityPrompts(maps, single, { pointsPerWord: 1 }), [
    { entity: 0, points: [[3.5, 1.5], [2.5, 1.5], [0.5, 0.5]], labels: [1, 1, 0] },
  ]);
  assert.deepEqual(entityPrompts(maps, single, { pointsPerWord: 1, backgroundNegatives: 2 })[0]!.labels, [1, 1, 0, 0]);
  assert.deepEqual(entityPrompts(maps, single, { pointsPerWord: 1, backgroundNegatives: 0 })[0]!.labels, [1, 1]);
});

test('entityPrompts: no background negatives when the region covers the whole map', () => {
  const single: SentenceStructure = { ...dogAndLeash, entities: [dogAndLeash.entities[0]!] };
  const flat = mapFrom(2, 2, [1, 1, 1, 1]);
  assert.deepEqual(entityPrompts([undefined, flat], single, { pointsPerWord: 1 }), [{ entity: 0, points: [[0.5, 0.5]], labels: [1] }]);
});

test('bad maps are refused with the field and what was expected', () => {
  const region = maskFromRows(['1']);
  throwsField(() => thresholdMap(mapFrom(2, 1, [0, 0])), 'map.data', /at least one value > 0/);
  throwsField(() => thresholdMap({ width: 2, height: 2, data: new Float32Array(3) }), 'map.data', /length 4/);
  throwsField(() => thresholdMap({ width: 0, height: 2, data: new Float32Array(0) }), 'map.width', /positive integer/);
  throwsField(() => thresholdMap({ width: 1, height: 1, data: new Float64Array(1) } as unknown as AttentionMap), 'map.data', /Float32Array/);
  throwsField(() => thresholdMap(mapFrom(2, 1, [1, -1])), 'map.data', /≥ 0.*x=1, y=0/);
  throwsField(() => thresholdMap(mapFrom(1, 1, [NaN])), 'map.data', /finite/);
  throwsField(() => thresholdMap(mapFrom(1, 1, [Infinity])), 'map.data', /finite/);
  throwsField(() => thresholdMap(null as unknown as AttentionMap), 'map');
  throwsField(() => samplePositivePoints(mapFrom(1, 1, [0]), region, 1), 'map.data', /at least one value > 0/);
  throwsField(() => backgroundNegatives(mapFrom(2, 1, [0, 0]), 1, maskFromRows(['10'])), 'map.data', /at least one value > 0/);
});

test('bad arguments are refused with the field and what was expected', () => {
  const map = mapFromRows(['12', '34']);
  const region = maskFromRows(['01', '11']);
  for (const ratio of [0, -0.5, 1.5, NaN, '0.7']) throwsField(() => thresholdMap(map, ratio as number), 'ratio', /\(0, 1\]/);
  throwsField(() => largestRegion(maskFromRows(['00', '00'])), 'mask', /at least one foreground pixel/);
  throwsField(() => largestRegion(region, 6 as 8), 'connectivity', /4 or 8/);
  for (const k of [0, -1, 1.5, NaN]) throwsField(() => samplePositivePoints(map, region, k), 'k', /positive integer/);
  throwsField(() => samplePositivePoints(map, region, 1, 'peak' as PositiveRule), 'rule');
  throwsField(() => samplePositivePoints(map, maskFromRows(['00', '00']), 1), 'region', /at least one/);
  throwsField(() => samplePositivePoints(map, maskFromRows(['011']), 1), 'region', /2 × 2/);
  for (const count of [0, 4, 1.5]) throwsField(() => backgroundNegatives(map, count, region), 'count', /1 to 3/);
  throwsField(() => backgroundNegatives(map, 1, maskFromRows(['00', '00'])), 'exclude', /at least one pixel/);
  throwsField(() => backgroundNegatives(map, 1, maskFromRows(['11', '11'])), 'exclude', /covers every pixel/);
  throwsField(() => backgroundNegatives(map, 1, maskFromRows(['1', '1'])), 'exclude', /2 × 2/);
});

test('entityPrompts refuses missing, empty and mismatched maps, naming the word', () => {
  const maps = [undefined, dogMap, undefined, undefined, redMap, leashMap];
  throwsField(() => entityPrompts([undefined, dogMap, undefined, undefined, redMap], dogAndLeash), 'wordMaps[5]', /word 5 "leash"/);
  throwsField(() => entityPrompts(maps.with(4, mapFrom(4, 2, new Array(8).fill(0))), dogAndLeash), 'wordMaps[4].data', /> 0/);
  throwsField(() => entityPrompts(maps.with(4, mapFromRows(['9'])), dogAndLeash), 'wordMaps[4]', /4 × 2/);
  throwsField(() => entityPrompts(maps, { ...dogAndLeash, entities: [] }), 'structure.entities', /at least one entity/);
  throwsField(() => entityPrompts(maps, { text: '', words: [] } as unknown as SentenceStructure), 'structure');
  throwsField(() => entityPrompts(maps, dogAndLeash, { pointsPerWord: 0 }), 'options.pointsPerWord');
  throwsField(() => entityPrompts(maps, dogAndLeash, { backgroundNegatives: 4 }), 'options.backgroundNegatives', /0 to 3/);
  throwsField(() => entityPrompts(maps, dogAndLeash, { ratio: 2 }), 'options.ratio', /\(0, 1\]/);
  throwsField(() => entityPrompts(maps, dogAndLeash, { connectivity: 2 as 4 }), 'options.connectivity');
});
