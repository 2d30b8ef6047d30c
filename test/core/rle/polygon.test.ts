/**
 * fromPolygons / fromBbox against published pycocotools strings and, on polygons nobody tuned
 * (fractional, concave, self-intersecting, partly or wholly outside, degenerate), the numpy oracle.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import * as rle from '../../../src/core/rle/index.js';
import { seededRandom } from '../../helpers/random.js';
import { oracle } from './fixtures.js';

/** Vertices 266.83,189.37 … of a real COCO polygon, and its string (see the published-vector tests). */
const cocoPart1 = [
  266.83, 189.37, 267.79, 175.29, 269.46, 170.04, 271.37, 165.98, 270.89, 163.12, 269.12, 159.54, 272.8, 156.44, 287.36,
  156.44, 293.33, 157.87, 296.91, 160.49, 296.91, 161.21, 291.89, 161.92, 289.98, 165.03, 291.42, 169.56, 285.16, 196.54,
];
const cocoPart2 = [266.35, 214.44, 270.41, 217.3, 276.38, 218.97, 282.11, 218.97, 285.93, 217.3, 286.88, 207.28, 267.07, 201.07];
const largePolygon = [
  135.17, 444.83, 113.1, 435.17, 100.69, 439.31, 96.55, 439.31, 75.86, 431.03, 71.72, 428.28, 70.34, 396.55, 64.83, 356.55,
  89.66, 338.62, 104.83, 312.41, 126.9, 291.72, 143.45, 253.1, 144.83, 221.38, 146.21, 199.31, 157.24, 184.14, 172.41,
  160.69, 182.07, 155.17, 200, 149.66, 219.31, 142.76, 234.48, 141.38, 266.21, 149.66, 277.24, 163.45, 284.14, 171.72,
  297.93, 195.17, 307.59, 215.86, 317.24, 248.97, 320, 277.93, 318.62, 293.1, 321.38, 306.9, 342.07, 323.45, 360, 353.79,
  365.52, 371.72, 364.14, 393.79, 354.48, 406.21, 342.07, 413.1, 324.14, 417.24, 303.45, 420, 303.45, 420, 303.45, 421.38,
  296.55, 411.72, 288.28, 370.34, 286.9, 366.21, 245.52, 362.07, 219.31, 371.72, 206.9, 384.14, 194.48, 400.69, 175.17,
  415.86, 172.41, 439.31, 168.28, 457.24, 155.86, 462.76, 143.45, 448.97, 133.79, 440.69, 129.66, 437.93,
];
const largePolygonCounts =
  'ToX15jc09H7H8H8H:Gf0YO9G1O2O1N1O2O0O1O2N101N1O101N1O2N100N3M2O2M2N3M' +
  '2O1N2N2N2O1N2N2O0O2O1O001O1O001O1O001O2N1O2O0O1O2N1O2N1O2N1O2N1O1M4M2' +
  'MOPAYKm>j4SAUKk>n4UARKg>Q5[AmJc>V513L4M3M3L4M2N3L4K5XOh0]Oc0D<N2M4M2M3' +
  'N2N2M3N2M3N1O1N2O0O2N101N101N101N100ON2M4M2M5H7I8I610O001O01O01O1O00100' +
  'O001O1O10O01O1O001O1O0O2O1O001N2O001N2O001O1O001O1O001O001O1O001O1O1O100' +
  '0O0100O10000O10000O10O0101O0O10001N100O101O0O10001O00001O01O0001O0000001O' +
  '0001O01O0000001O1O1O2N100O1O2N1O1O1O2N1O1O100O2N1O1O2N2N1102N3L4M3M2M4M' +
  '3M3M3L10O100O2O0O1N2N2N2N2M5L3M4L3M4L3M4K4M3M6J:F;^KPA^3m?L5K1N2O001O1' +
  'O1N2O001O1O1N2O001O1N2O1O001O1N2O2M3N1N3N2M2N3N2M2O2M3N1N3M3L3N3M3M3L6' +
  'K4L4L4G9]OmlV2';

describe('rle.fromPolygons and fromBbox: published pycocotools strings', () => {
  // github.com/twsl/pytorchcocotools, tests/mask/test_fr_py_objects.py (commit 045a741d), whose
  // test asserts these are what pycocotools frPyObjects returns; case_complex gives one RLE per polygon.
  it('rasterises the pytorchcocotools frPyObjects polygons', () => {
    assert.equal(rle.fromPolygons([[10, 10, 20, 10, 20, 20, 21, 21, 10, 20]], 25, 25).counts, 'T8:?00000000001O00000:F`2');
    assert.deepEqual(rle.fromPolygons([cocoPart1], 427, 640), {
      size: [427, 640],
      counts: '\\`_3;j<6B@nCc0Q<@kCc0S<;01N10001O001O00001O001O0000O1L4K6K4L4B]COh<O<O001O0O2Omk^4',
    });
    assert.equal(rle.fromPolygons([cocoPart2], 427, 640).counts, 'RT_32n<<O100O0010O000010O0001O00001O000O101O0ISPc4');
    assert.equal(rle.fromBbox([10, 10, 10, 10], 25, 25).counts, 'T8:?00000000000000000c3');
  });

  // The same repository's tests/profiling/test_fr_poly.py and test_fr_bbox.py (commit 3fb31ff0):
  // expected strings for its port of rleFrPoly, which its other tests hold to pycocotools.
  it('rasterises the pytorchcocotools rleFrPoly and rleFrBbox cases', () => {
    assert.equal(rle.fromPolygons([[10, 10, 20, 10, 15, 20]], 25, 25).counts, 'T81h02N2N2N2N00N2N2N2Ne3');
    assert.equal(rle.fromPolygons([[5, 5, 15, 5, 15, 15, 5, 15]], 25, 25).counts, 'R4:?00000000000000000e7');
    assert.equal(rle.fromPolygons([largePolygon], 640, 480).counts, largePolygonCounts);
    assert.equal(rle.fromBbox([5, 5, 10, 10], 25, 25).counts, 'R4:?00000000000000000e7');
    assert.equal(rle.fromBbox([15, 15, 5, 5], 25, 25).counts, 'V<5d00000000^3');
    assert.equal(rle.fromBbox([0, 0, 25, 25], 25, 25).counts, '0ac0');
    assert.equal(rle.fromBbox([0, 0, 5, 5], 25, 25).counts, '05d00000000d?');
  });
});

type Polygon = number[];
interface PolygonCase {
  polygons: Polygon[];
  h: number;
  w: number;
  kind: string;
}

/** Random polygons of many kinds; coordinates are fractional unless the kind says otherwise. */
function polygonCases(): PolygonCase[] {
  const random = seededRandom(7);
  const between = (lo: number, hi: number): number => lo + random() * (hi - lo);
  const cases: PolygonCase[] = [];
  const shapes: Record<string, (h: number, w: number) => Polygon> = {
    inside: (h, w) => Array.from({ length: 2 * (3 + Math.floor(random() * 8)) }, (_, i) => (i % 2 ? between(0, h) : between(0, w))),
    partlyOutside: (h, w) => Array.from({ length: 2 * (3 + Math.floor(random() * 8)) }, (_, i) => (i % 2 ? between(-0.4 * h, 1.4 * h) : between(-0.4 * w, 1.4 * w))),
    whollyOutside: (h, w) => {
      const dx = random() < 0.5 ? -w - 3 : w + 3;
      return Array.from({ length: 8 }, (_, i) => (i % 2 ? between(-h, 2 * h) : dx + between(0, w)));
    },
    concaveStar: (h, w) => {
      const n = 5 + Math.floor(random() * 6);
      const [cx, cy, r] = [between(0, w), between(0, h), between(1, Math.max(h, w) * 0.6)];
      return Array.from({ length: 2 * n }, (_, i) => {
        const k = i >> 1;
        const radius = k % 2 ? r * between(0.2, 0.5) : r;
        const angle = (2 * Math.PI * k) / n + between(0, 0.3);
        return i % 2 ? cy + radius * Math.sin(angle) : cx + radius * Math.cos(angle);
      });
    },
    bowtie: (h, w) => {
      const [x0, y0, x1, y1] = [between(-2, w / 2), between(-2, h / 2), between(w / 2, w + 2), between(h / 2, h + 2)];
      return [x0, y0, x1, y1, x1, y0, x0, y1];
    },
    nearZero: () => Array.from({ length: 2 * (3 + Math.floor(random() * 4)) }, () => between(-1.2, 3)),
    subPixel: (h, w) => {
      const [x, y] = [between(0, w), between(0, h)];
      return [x, y, x + between(0, 0.9), y + between(-0.5, 0.5), x + between(-0.5, 0.5), y + between(0, 0.9)];
    },
    integer: (h, w) => Array.from({ length: 2 * (3 + Math.floor(random() * 6)) }, (_, i) => Math.round(i % 2 ? between(-1, h + 1) : between(-1, w + 1))),
    repeatedVertices: (h, w) => {
      const [x0, y0, x1, y1, x2, y2] = [between(0, w), between(0, h), between(0, w), between(0, h), between(0, w), between(0, h)];
      return [x0, y0, x0, y0, x1, y1, x2, y2, x2, y2];
    },
    onePoint: (h, w) => [between(0, w), between(0, h)],
    twoPoints: (h, w) => [between(0, w), between(0, h), between(0, w), between(0, h)],
    collinear: (h, w) => {
      const [x, y, dx, dy] = [between(0, w), between(0, h), between(-5, 5), between(-5, 5)];
      return [x, y, x + dx, y + dy, x + 2 * dx, y + 2 * dy];
    },
  };
  const kinds = Object.keys(shapes);
  for (let i = 0; i < 360; i++) {
    const kind = kinds[i % kinds.length]!;
    const h = [1, 1, 2, 7, 13, 24, 40, 57][Math.floor(random() * 8)]!;
    const w = [1, 3, 5, 8, 16, 25, 39, 60][Math.floor(random() * 8)]!;
    const parts = random() < 0.3 ? 2 + Math.floor(random() * 3) : 1;
    cases.push({ kind, h, w, polygons: Array.from({ length: parts }, () => shapes[kind]!(h, w)) });
  }
  const big = Array.from({ length: 3 }, () => shapes.concaveStar!(427, 640).concat(shapes.partlyOutside!(427, 640)));
  cases.push({ kind: 'large', h: 427, w: 640, polygons: big });
  return cases;
}

describe('rle.fromPolygons and fromBbox against the numpy oracle', () => {
  const cases = polygonCases();
  const random = seededRandom(99);
  const boxes = Array.from({ length: 120 }, (_, i) => {
    const [h, w] = [1 + Math.floor(random() * 30), 1 + Math.floor(random() * 30)];
    const box = [random() * (w + 6) - 3, random() * (h + 6) - 3, random() * w * (i % 7 === 0 ? -1 : 1), random() * h];
    return { h, w, box: (i % 5 === 0 ? box.map(Math.round) : box) as rle.XywhBox };
  });
  let polygonResults: rle.Rle[] = [];
  let boxResults: rle.Rle[] = [];

  before(() => {
    const results = oracle<rle.Rle>([
      ...cases.map((c) => ({ op: 'frPoly', polygons: c.polygons, h: c.h, w: c.w })),
      ...boxes.map((b) => ({ op: 'frBbox', bbox: b.box, h: b.h, w: b.w })),
    ]);
    polygonResults = results.slice(0, cases.length);
    boxResults = results.slice(cases.length);
  });

  it('rasterises every kind of polygon, and unions of them, pixel for pixel', () => {
    cases.forEach((c, i) => {
      assert.deepEqual(rle.fromPolygons(c.polygons, c.h, c.w), polygonResults[i], `case ${i}: ${c.kind} in ${c.h}×${c.w}: ${JSON.stringify(c.polygons)}`);
    });
  });

  it('rasterises boxes, including fractional, negative-size and partly outside ones', () => {
    boxes.forEach((b, i) => assert.deepEqual(rle.fromBbox(b.box, b.h, b.w), boxResults[i], `box ${JSON.stringify(b)}`));
  });
});

describe('rle.fromPolygons documented behaviours', () => {
  it('gives the empty mask for no polygons and for polygons of fewer than 3 points', () => {
    const empty = rle.encode({ height: 5, width: 6, data: new Uint8Array(30) });
    assert.deepEqual(rle.fromPolygons([], 5, 6), empty);
    assert.deepEqual(rle.fromPolygons([[2.5, 2.5], [1, 1, 4, 4], []], 5, 6), empty);
  });

  it('ignores degenerate parts in a union', () => {
    const square = [1, 1, 4, 1, 4, 4, 1, 4];
    assert.deepEqual(rle.fromPolygons([square, [2, 2, 3, 3]], 6, 6), rle.fromPolygons([square], 6, 6));
  });

  it('handles images without pixels', () => {
    assert.deepEqual(rle.fromPolygons([[0, 0, 3, 0, 3, 3]], 0, 4), { size: [0, 4], counts: '0' });
    assert.deepEqual(rle.fromBbox([0, 0, 3, 3], 4, 0), { size: [4, 0], counts: '0' });
  });
});

describe('rle.fromPolygons and fromBbox errors name the field', () => {
  const fails = (fn: () => unknown, field: string, pattern: RegExp): void => {
    assert.throws(fn, (e: unknown) => e instanceof InvalidInputError && e.field === field && pattern.test(e.message));
  };

  it('names the polygon with an odd number of coordinates', () => {
    fails(() => rle.fromPolygons([[0, 0, 4, 0, 4, 4], [1, 1, 2, 2, 3]], 5, 5), 'polygons[1]', /even number of coordinates .*got 5/);
    fails(() => rle.fromPolygons([[0, 0, 4, 0, 4]], 5, 5, 'annotations[2].segmentation'), 'annotations[2].segmentation[0]', /got 5/);
  });

  it('names the bad coordinate', () => {
    fails(() => rle.fromPolygons([[0, 0, 4, Number.NaN, 4, 4]], 5, 5), 'polygons[0][3]', /finite coordinate .*got NaN/);
    fails(() => rle.fromPolygons([[0, 0, 4, '1', 4, 4] as unknown as number[]], 5, 5), 'polygons[0][3]', /got "1"/);
    fails(() => rle.fromPolygons([[0, 0, 4, 2e7, 4, 4]], 5, 5), 'polygons[0][3]', /within ±10000000/);
    fails(() => rle.fromBbox([0, 0, Infinity, 4], 5, 5), 'bbox[2]', /finite coordinate/);
  });

  it('rejects non-arrays and bad sizes', () => {
    fails(() => rle.fromPolygons('0 0 1 1' as unknown as number[][], 5, 5), 'polygons', /array of polygons/);
    fails(() => rle.fromPolygons([{} as unknown as number[]], 5, 5), 'polygons[0]', /a polygon/);
    fails(() => rle.fromPolygons([], 5.5, 5), 'height', /non-negative integer height/);
    fails(() => rle.fromBbox([0, 0, 1, 1], 5, -1), 'width', /non-negative integer width/);
    fails(() => rle.fromBbox([0, 0, 1] as unknown as rle.XywhBox, 5, 5), 'bbox', /\[x, y, width, height\]/);
  });
});
