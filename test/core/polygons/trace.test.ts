/**
 * Tests for maskToPolygons with tolerance 0: hand-made shapes, diagonal contacts under both
 * connectivities, and the exactness property on random masks via an even-odd rasteriser.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentStats, connectedComponents, type Connectivity } from '../../../src/core/bitmap/index.js';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskArea, type Mask } from '../../../src/core/mask.js';
import { maskToPolygons, polygonArea, ringArea } from '../../../src/core/polygons/index.js';
import { blobMask, noiseMask, seededRandom } from '../../helpers/random.js';
import { maskFromRows } from '../bitmap/masks.js';
import { rasterisePolygon } from './rasterise.js';

test('a single pixel is its four corners, clockwise on screen from the top-left', () => {
  assert.deepEqual(maskToPolygons(maskFromRows(['000', '010'])), [{ exterior: [1, 1, 2, 1, 2, 2, 1, 2], holes: [] }]);
});

test('empty and zero-sized masks give no polygons; a full mask gives its rectangle', () => {
  assert.deepEqual(maskToPolygons(maskFromRows(['000', '000'])), []);
  assert.deepEqual(maskToPolygons({ height: 0, width: 4, data: new Uint8Array(0) }), []);
  assert.deepEqual(maskToPolygons(maskFromRows(['1111', '1111', '1111'])), [{ exterior: [0, 0, 4, 0, 4, 3, 0, 3], holes: [] }]);
});

test('collinear vertices are merged: a row of pixels is 4 vertices', () => {
  assert.deepEqual(maskToPolygons(maskFromRows(['0111110'])), [{ exterior: [1, 0, 6, 0, 6, 1, 1, 1], holes: [] }]);
});

test('diagonal pixels form one polygon under 8-connectivity and two under 4', () => {
  const mask = maskFromRows(['10', '01']);
  assert.deepEqual(maskToPolygons(mask), [{ exterior: [0, 0, 1, 0, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 1], holes: [] }]);
  assert.deepEqual(maskToPolygons(mask, { connectivity: 4 }), [
    { exterior: [0, 0, 1, 0, 1, 1, 0, 1], holes: [] },
    { exterior: [1, 1, 2, 1, 2, 2, 1, 2], holes: [] },
  ]);
});

test('a hole runs opposite to its exterior, and an island inside it is its own polygon', () => {
  const polygons = maskToPolygons(maskFromRows(['11111', '10001', '10101', '10001', '11111']));
  assert.equal(polygons.length, 2);
  assert.deepEqual(polygons[0]!.exterior, [0, 0, 5, 0, 5, 5, 0, 5]);
  assert.deepEqual(polygons[0]!.holes, [[1, 1, 1, 4, 4, 4, 4, 1]]);
  assert.ok(ringArea(polygons[0]!.exterior) > 0 && ringArea(polygons[0]!.holes[0]!) < 0);
  assert.deepEqual(polygons[1], { exterior: [2, 2, 3, 2, 3, 3, 2, 3], holes: [] });
  assert.equal(polygonArea(polygons[0]!), 16);
});

test('background leaving a hole through a corner: a hole under 8, part of the outline under 4', () => {
  const mask = maskFromRows(['111', '101', '110']);
  const eight = maskToPolygons(mask);
  assert.deepEqual(eight, [{ exterior: [0, 0, 3, 0, 3, 2, 2, 2, 2, 3, 0, 3], holes: [[2, 1, 1, 1, 1, 2, 2, 2]] }]);
  const four = maskToPolygons(mask, { connectivity: 4 });
  assert.equal(four.length, 1);
  assert.deepEqual(four[0]!.holes, []);
  assert.equal(polygonArea(four[0]!), 7);
});

function randomMasks(): Mask[] {
  const random = seededRandom(7);
  const masks: Mask[] = [];
  for (const density of [0.2, 0.5, 0.8]) {
    for (let k = 0; k < 4; k++) masks.push(noiseMask(8 + Math.floor(random() * 40), 8 + Math.floor(random() * 40), density, random));
  }
  for (let k = 0; k < 6; k++) {
    const blob = blobMask(48, 40, 3, random);
    const punch = blobMask(48, 40, 4, random);
    masks.push(blob, { ...blob, data: blob.data.map((v, i) => v & (1 - punch.data[i]!)) });
  }
  const diagonal = (y: number, x: number) => ((x + y) % 5 === 0 || (x - y + 40) % 7 === 0 ? 1 : 0);
  masks.push({ height: 30, width: 30, data: Uint8Array.from({ length: 900 }, (_, i) => diagonal(Math.floor(i / 30), i % 30)) });
  const checker = Uint8Array.from({ length: 20 * 21 }, (_, i) => (Math.floor(i / 21) + (i % 21)) % 2);
  masks.push({ height: 20, width: 21, data: checker });
  masks.push(maskFromRows(['1']), maskFromRows(['0']), maskFromRows(['11', '11']), { height: 9, width: 7, data: new Uint8Array(63).fill(1) });
  return masks;
}

test('exactness: each polygon rasterises (pixel centres, even-odd) to exactly its component', () => {
  for (const [k, mask] of randomMasks().entries()) {
    for (const connectivity of [4, 8] as Connectivity[]) {
      const what = `mask ${k} (${mask.height}×${mask.width}), connectivity ${connectivity}`;
      const polygons = maskToPolygons(mask, { connectivity });
      const components = connectedComponents(mask, connectivity);
      assert.equal(polygons.length, components.count, what);
      const areas = componentStats(components).map((s) => s.area);
      polygons.forEach((polygon, p) => {
        const raster = rasterisePolygon(polygon, mask.height, mask.width);
        const expected = components.labels.map((label) => (label === p + 1 ? 1 : 0));
        assert.deepEqual(raster, Uint8Array.from(expected), `${what}, polygon ${p}`);
        assert.equal(polygonArea(polygon), areas[p], `${what}, polygon ${p} area`);
        assert.ok(ringArea(polygon.exterior) > 0, `${what}, exterior orientation`);
        for (const hole of polygon.holes) assert.ok(ringArea(hole) < 0, `${what}, hole orientation`);
        for (const ring of [polygon.exterior, ...polygon.holes]) assertCornersOnly(ring, mask, what);
      });
      assert.equal(polygons.reduce((sum, polygon) => sum + polygonArea(polygon), 0), maskArea(mask), what);
    }
  }
});

/** Integer corners inside the mask's frame, joined by axis-aligned edges that alternate direction. */
function assertCornersOnly(ring: number[], mask: Mask, what: string): void {
  const at = (i: number): [number, number] => {
    const j = ((i % (ring.length / 2)) + ring.length / 2) % (ring.length / 2);
    return [ring[2 * j]!, ring[2 * j + 1]!];
  };
  for (let i = 0; i < ring.length / 2; i++) {
    const [x, y] = at(i);
    const [nx, ny] = at(i + 1);
    const [, py] = at(i - 1);
    assert.ok(Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x <= mask.width && y <= mask.height, what);
    assert.ok((x === nx) !== (y === ny), `${what}: edge from (${x}, ${y}) is axis-aligned and non-empty`);
    assert.ok((py === y) !== (ny === y), `${what}: (${x}, ${y}) is a corner, not a collinear vertex`);
  }
}

test('bad arguments are named', () => {
  const mask = maskFromRows(['1']);
  const field = (name: string) => (e: unknown) => e instanceof InvalidInputError && e.field === name;
  assert.throws(() => maskToPolygons(mask, { tolerance: -1 }), field('options.tolerance'));
  assert.throws(() => maskToPolygons(mask, { tolerance: Infinity }), field('options.tolerance'));
  assert.throws(() => maskToPolygons(mask, { connectivity: 6 as never }), field('options.connectivity'));
  assert.throws(() => maskToPolygons(mask, 8 as never), field('options'));
  assert.throws(() => maskToPolygons({ height: 1, width: 1, data: [1] } as never), field('mask.data'));
});
