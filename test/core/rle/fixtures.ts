/**
 * Shared inputs for the RLE tests: published pycocotools vectors (each with its source) and a
 * wrapper that sends a batch of cases to the independent numpy oracle in one process.
 */
import type { Mask } from '../../../src/core/mask.js';
import { runOracle } from '../../helpers/python.js';

/** Runs every case through tools/reference/coco_mask.py in one call. */
export function oracle<T>(cases: object[]): T[] {
  return runOracle<{ results: T[] }>('coco_mask.py', { cases }).results;
}

export function maskToBase64(mask: Mask): string {
  return Buffer.from(mask.data.buffer, mask.data.byteOffset, mask.data.length).toString('base64');
}

export function maskFromRows(rows: number[][]): Mask {
  return { height: rows.length, width: rows[0]?.length ?? 0, data: Uint8Array.from(rows.flat()) };
}

/** A mask with the rectangle [x0, x1) × [y0, y1) set. */
export function boxMask(height: number, width: number, x0: number, y0: number, x1: number, y1: number): Mask {
  const data = new Uint8Array(height * width);
  for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + x1);
  return { height, width, data };
}

/**
 * From pycocotools' own unit tests (github.com/ppwwyyxx/cocoapi, tests/test_cases.py at
 * fba5219fb0b3e3c390874178c4acf19624da8bb9, the repository PyPI's pycocotools is built from).
 * `invalid` must fail to decode (pycocotools raises ValueError); `zeroLeading` starts with three
 * empty runs and its box must equal the box of its re-encoding (the rleToBbox fix of 2.0.3).
 */
export const pycocotoolsTests = {
  invalid: {
    size: [1024, 1024] as [number, number],
    counts:
      'jd`0=`o06J5L4M3L3N2N2N2N2N1O2N2N101N1O2O0O1O2N100O1O2N100O1O1O1O1O101N1O1O1O1O1O1O101N1O10' +
      '0O101O0O100000000000000001O00001O1O0O2O1N3N1N3N3L5Kh0XO6J4K5L5Id[o5N]dPJ7K4K4M3N2M3N2N1O2N' +
      '100O2O0O1000O01000O101N1O1O2N2N2M3M3M4J7Inml5H[RSJ6L2N2N2N2O000000000000O2O1N2N2Mkm81SRG6L' +
      '3L3N2O1N2N2O0O2O00001O0000000000O2O001N2O0O2N2N3M3L5JRjf6MPVYI8J4L3N3M2N1O2O1N101N1000000O' +
      '10000001O000O101N101N1O2N2N2N3L4L7FWZ_50ne`J0000001O000000001O0000001O1O0N3M3N1O2N2N2O1N2O' +
      '001N2`RO^O`k0c0[TOEak0;\\\\TOJbk07\\\\TOLck03[TO0dk01ZTO2dk0OYTO4gk0KXTO7gk0IXTO8ik0HUTO:k' +
      'k0ETTO=lk0CRTO>Pl0@oSOb0Rl0\\\\OmSOe0Tl0[OjSOg0Ul0YOiSOi0Wl0XOgSOi0Yl0WOeSOk0[l0VOaSOn0kh0' +
      'cNmYO',
  },
  zeroLeading: {
    size: [1350, 1080] as [number, number],
    counts:
      '000lg0Zb01O00001O00001O001O00001O00001O001O00001O01O2N3M3M3M2N3M3N2M3M2N1O1O1O1O2N1O1O1O2N' +
      '1O1O101N1O1O1O2N1O1O1O2N3M2N1O2N1O2O0O2N1O1O2N1O2N1O2N1O2N1O2N1O2O0O2N1O3M2N1O2N2N2N2N2N1O' +
      '2N2N2N2N1O2N2N2N2N2N1N3N2N00O1O1O1O100000000000000O100000000000000001O0000001O00001O0O5L7I' +
      '5K4L4L3M2N2N2N1O2m]OoXOm`0Sg0j^OVYOTa0lf0c^O]YO[a0ef0\\^OdYOba0bg0N2N2N2N2N2N2N2N2N2N2N2N2' +
      'N2N2N2N2N3M2M4M2N3M2N3M2N3M2N3M2N3M2N3M2N3M2N3M2M4M2N2N3M2M4M2N2N3M2M3N3M2N3M2M3N3M2N2N3L3' +
      'N2N3M2N3L3N2N3M5J4M3M4L3M3L5L3M3M4L3L4\\EXTOd6jo0K6J5K6I4M1O1O1O1N2O1O1O001N2O00001O0O101O' +
      '000O2O00001N101N101N2N101N101N101N2O0O2O0O2O0O2O1N101N2N2O1N2O1N2O1N101N2O1N2O1N2O0O2O1N2N' +
      '2O1N2O0O2O1N2O1N2N2N1N4M2N2M4M2N3L3N2N3L3N3L3N2N3L3N2N3L3M4L3M3M4L3M5K5K5K6J5K5K6J7I7I7Ibi' +
      'jn0',
  },
};
