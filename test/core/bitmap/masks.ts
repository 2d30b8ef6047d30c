/**
 * Test-only mask literals: masks written as rows of '0'/'1' (or '.'/'#') so hand-made cases read
 * like pictures, and back again for readable assertion failures.
 */
import type { Mask } from '../../../src/core/mask.js';

export function maskFromRows(rows: string[]): Mask {
  const height = rows.length;
  const width = height === 0 ? 0 : rows[0]!.length;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new Error(`row ${y} has length ${row.length}, expected ${width}`);
    for (let x = 0; x < width; x++) data[y * width + x] = row[x] === '1' || row[x] === '#' ? 1 : 0;
  });
  return { height, width, data };
}

export function rowsOf(mask: Mask): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.height; y++) {
    rows.push(Array.from(mask.data.subarray(y * mask.width, (y + 1) * mask.width)).join(''));
  }
  return rows;
}

/** The mask as a string of '0'/'1', the oracle's wire format. */
export function bitsOf(mask: Mask): string {
  return Array.from(mask.data).join('');
}

export function maskFromBits(height: number, width: number, bits: string): Mask {
  return { height, width, data: Uint8Array.from(bits, (c) => (c === '1' ? 1 : 0)) };
}
