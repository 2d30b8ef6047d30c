/**
 * Thing or stuff by shape on hand-drawn 10×10 masks: one case on each side of each rule's threshold,
 * the opposite-border rule, and refused input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isThingByShape } from '../../../src/tasks/dense/thing-or-stuff.js';
import { maskFromRows } from '../../core/bitmap/masks.js';
import { rectangleMask } from '../../helpers/random.js';
import { throwsField } from './helpers.js';

test('a compact mask away from the borders is a thing', () => {
  assert.equal(isThingByShape(rectangleMask(10, 10, [3, 3, 7, 7])), true);
});

test('covering at least stuffCoverage (default 0.3) of the image makes it stuff, even when compact', () => {
  assert.equal(isThingByShape(rectangleMask(10, 10, [2, 2, 8, 7])), false, '30 of 100 pixels');
  assert.equal(isThingByShape(rectangleMask(10, 10, [2, 2, 9, 6])), true, '28 of 100 pixels');
  assert.equal(isThingByShape(rectangleMask(10, 10, [2, 2, 9, 6]), { stuffCoverage: 0.25 }), false);
});

test('spanning the frame (two opposite borders) makes it stuff', () => {
  assert.equal(isThingByShape(rectangleMask(10, 10, [0, 0, 10, 2])), false, 'a band along the top');
  assert.equal(isThingByShape(rectangleMask(10, 10, [4, 0, 6, 10])), false, 'a pole from top to bottom');
});

test('touching two borders and filling less than sprawlFill (default 0.5) of its box makes it stuff', () => {
  const sprawl = maskFromRows([
    '..........',
    '..........',
    '..........',
    '..........',
    '..........',
    '#.........',
    '#.........',
    '##........',
    '###.......',
    '#######...',
  ]);
  assert.equal(isThingByShape(sprawl), false, '15 of 35 box pixels, left and bottom borders');
  assert.equal(isThingByShape(sprawl, { sprawlFill: 0.4 }), true);
  assert.equal(isThingByShape(rectangleMask(10, 10, [0, 6, 4, 10])), true, 'a compact corner block is a thing');
  const corner = maskFromRows(['#.........', '#.........', '#.........', '####......', '..........', '..........', '..........', '..........', '..........', '..........']);
  assert.equal(isThingByShape(corner), false, '7 of 16 box pixels, left and top borders');
  const leftOnly = maskFromRows(['..........', '#.........', '#.........', '##........', '.#........', '.###......', '..........', '..........', '..........', '..........']);
  assert.equal(isThingByShape(leftOnly), true, 'sparse in its box, but touching one border only');
});

test('isThingByShape refuses an empty mask and bad options', () => {
  throwsField(() => isThingByShape(rectangleMask(4, 4, [0, 0, 0, 0])), 'mask', /foreground/);
  throwsField(() => isThingByShape({ height: 1, width: 2, data: new Uint8Array(1) }), 'mask.data');
  throwsField(() => isThingByShape(rectangleMask(4, 4, [1, 1, 2, 2]), { stuffCoverage: 0 }), 'options.stuffCoverage');
  throwsField(() => isThingByShape(rectangleMask(4, 4, [1, 1, 2, 2]), { sprawlFill: 2 }), 'options.sprawlFill');
});
