/**
 * Tests for ringArea, polygonArea and polygonsToCocoSegmentation, including their checks of
 * caller-supplied polygons.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskToPolygons, polygonArea, polygonsToCocoSegmentation, ringArea } from '../../../src/core/polygons/index.js';
import { maskFromRows } from '../bitmap/masks.js';

const square = [0, 0, 4, 0, 4, 4, 0, 4];
const field = (name: string) => (e: unknown) => e instanceof InvalidInputError && e.field === name;

test('ringArea is positive clockwise on screen (y down) and negative the other way', () => {
  assert.equal(ringArea(square), 16);
  assert.equal(ringArea([0, 0, 0, 4, 4, 4, 4, 0]), -16);
  assert.equal(ringArea([0, 0, 3, 0, 0, 2]), 3);
});

test('polygonArea subtracts holes whatever their orientation', () => {
  assert.equal(polygonArea({ exterior: square, holes: [[1, 1, 1, 2, 2, 2, 2, 1]] }), 15);
  assert.equal(polygonArea({ exterior: [0, 0, 0, 4, 4, 4, 4, 0], holes: [[1, 1, 2, 1, 2, 2, 1, 2]] }), 15);
});

test('COCO export writes exteriors only, as copies', () => {
  const polygons = maskToPolygons(maskFromRows(['111', '101', '111', '000', '011']));
  assert.equal(polygons[0]!.holes.length, 1);
  const coco = polygonsToCocoSegmentation(polygons);
  assert.deepEqual(coco, [
    [0, 0, 3, 0, 3, 3, 0, 3],
    [1, 4, 3, 4, 3, 5, 1, 5],
  ]);
  coco[0]![0] = 99;
  assert.equal(polygons[0]!.exterior[0], 0);
  assert.deepEqual(polygonsToCocoSegmentation([]), []);
});

test('malformed rings and polygons are reported by their path', () => {
  assert.throws(() => ringArea([0, 0, 1, 1]), field('ring'));
  assert.throws(() => ringArea([0, 0, 1, 1, 2]), field('ring'));
  assert.throws(() => ringArea([0, 0, 1, NaN, 2, 2]), field('ring[3]'));
  assert.throws(() => ringArea('0,0,1,1,2,2' as never), field('ring'));
  assert.throws(() => polygonArea(null as never), field('polygon'));
  assert.throws(() => polygonArea({ exterior: square } as never), field('polygon.holes'));
  assert.throws(() => polygonArea({ exterior: square, holes: [[0, 0]] }), field('polygon.holes[0]'));
  assert.throws(() => polygonsToCocoSegmentation('x' as never), field('polygons'));
  assert.throws(() => polygonsToCocoSegmentation([{ exterior: square, holes: [] }, { exterior: [1], holes: [] }]), field('polygons[1].exterior'));
});
