/**
 * Test-only dense maps written as pictures: one character per pixel ('.' void, '1'…'9' and 'a'…'z'
 * segment ids), so hand-made assembly and merging cases read like the maps they describe.
 */
import assert from 'node:assert/strict';
import { InvalidInputError } from '../../../src/core/errors.js';
import { measureSegments, type DensePanoptic, type DenseSegment } from '../../../src/tasks/dense/dense-map.js';

export function idsFromRows(rows: string[]): { height: number; width: number; ids: Int32Array } {
  const width = rows[0]!.length;
  const ids = Int32Array.from(rows.join(''), (c) => (c === '.' ? 0 : parseInt(c, 36)));
  return { height: rows.length, width, ids };
}

export function rowsOfIds(map: { width: number; ids: Int32Array }): string[] {
  const rows: string[] = [];
  for (let start = 0; start < map.ids.length; start += map.width) {
    rows.push(Array.from(map.ids.subarray(start, start + map.width), (id) => (id === 0 ? '.' : id.toString(36))).join(''));
  }
  return rows;
}

/** A consistent DensePanoptic from a picture and each id's name and kind (sourceIndex = id − 1). */
export function denseFromRows(rows: string[], kinds: Record<number, [name: string, isthing: boolean]>): DensePanoptic {
  const { height, width, ids } = idsFromRows(rows);
  const stats = measureSegments(ids, width, 'ids');
  const segments = Object.entries(kinds).map(([key, [name, isthing]]): DenseSegment => {
    const id = Number(key);
    const { area, bbox } = stats.get(id)!;
    return { id, sourceIndex: id - 1, name, isthing, area, bbox };
  });
  return { height, width, ids, segments };
}

export function throwsField(run: () => unknown, field: string, expected?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, String(error));
    assert.equal(error.field, field);
    if (expected) assert.match(error.message, expected);
    return true;
  });
}

export async function rejectsField(run: () => Promise<unknown>, field: string, expected?: RegExp): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, String(error));
    assert.equal(error.field, field);
    if (expected) assert.match(error.message, expected);
    return true;
  });
}
