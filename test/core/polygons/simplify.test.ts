/**
 * Tests for maskToPolygons with a tolerance: Douglas–Peucker keeps at least 3 vertices per ring,
 * keeps only original corners, stays within tolerance, and drops rings that collapse.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Mask } from '../../../src/core/mask.js';
import { maskToPolygons } from '../../../src/core/polygons/index.js';
import { blobMask, seededRandom } from '../../helpers/random.js';
import { maskFromRows } from '../bitmap/masks.js';

/** Distance from (px, py) to the closed ring's outline. */
function distanceToRing(px: number, py: number, ring: number[]): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    const [ax, ay] = [ring[i]!, ring[i + 1]!];
    const [bx, by] = [ring[(i + 2) % ring.length]!, ring[(i + 3) % ring.length]!];
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(px - ax - t * dx, py - ay - t * dy));
  }
  return best;
}

function pairs(ring: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ring.length; i += 2) out.push(`${ring[i]},${ring[i + 1]}`);
  return out;
}

test('simplified rings keep ≥ 3 original corners and every corner stays within tolerance', () => {
  const random = seededRandom(11);
  const masks: Mask[] = Array.from({ length: 8 }, () => blobMask(60, 60, 2, random));
  for (const tolerance of [0.5, 1, 2.5]) {
    for (const mask of masks) {
      const exact = maskToPolygons(mask);
      const simplified = maskToPolygons(mask, { tolerance });
      assert.ok(simplified.length <= exact.length);
      let before = 0;
      let after = 0;
      for (const polygon of simplified) {
        // Exteriors keep their order, so match each simplified ring to the exact ring it came from.
        const source = exact.find((p) => pairs(polygon.exterior).every((v) => pairs(p.exterior).includes(v)))!;
        assert.ok(source, 'simplified exterior uses the corners of one exact exterior');
        assert.ok(polygon.exterior.length >= 6);
        for (let i = 0; i < source.exterior.length; i += 2) {
          assert.ok(distanceToRing(source.exterior[i]!, source.exterior[i + 1]!, polygon.exterior) <= tolerance + 1e-9);
        }
        before += source.exterior.length;
        after += polygon.exterior.length;
        for (const hole of polygon.holes) assert.ok(hole.length >= 6);
      }
      assert.ok(after < before, 'simplification removed corners');
    }
  }
});

test('a ring thinner than the tolerance collapses and is dropped', () => {
  const row = maskFromRows(['1111111111']);
  assert.deepEqual(maskToPolygons(row, { tolerance: 1 }), []);
  assert.deepEqual(maskToPolygons(row, { tolerance: 0.5 }), maskToPolygons(row));
});

test('a small hole collapses and is dropped while its exterior stays', () => {
  const rows = Array.from({ length: 10 }, (_, y) => (y === 4 ? '1111011111' : '1111111111'));
  assert.deepEqual(maskToPolygons(maskFromRows(rows), { tolerance: 1 }), [{ exterior: [0, 0, 10, 0, 10, 10, 0, 10], holes: [] }]);
});

test('a staircase edge becomes one straight edge', () => {
  const stairs = maskFromRows(['1000', '1100', '1110', '1111']);
  assert.equal(maskToPolygons(stairs)[0]!.exterior.length, 20);
  assert.deepEqual(maskToPolygons(stairs, { tolerance: 1 }), [{ exterior: [0, 0, 4, 4, 0, 4], holes: [] }]);
});
