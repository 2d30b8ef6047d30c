/**
 * Blockwise and per-row quantisation: rounding bounds, padding, zero points, bad options, and the
 * packed layout read back by ONNX Runtime's own MatMulNBits kernel (an independent dequantiser).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidInputError } from '../../src/core/errors.js';
import { GraphBuilder, Ops, blockwiseBytes, dequantizeBlockwise, float32Tensor, quantizeBlockwise, quantizeRows, type BlockwiseOptions } from '../../src/onnx/index.js';
import { seededRandom } from '../helpers/random.js';
import { assertClose, runGraph } from './run-graph.js';

const variants: BlockwiseOptions[] = [
  { bits: 8, blockSize: 32, symmetric: true },
  { bits: 8, blockSize: 16, symmetric: false },
  { bits: 4, blockSize: 32, symmetric: false },
  { bits: 4, blockSize: 16, symmetric: true },
];

/** A weight with a column count that is no multiple of the block, one all-zero row, one constant row and one spike. */
function awkwardWeight(rows: number, cols: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const w = Float32Array.from({ length: rows * cols }, () => random() * 2 - 1);
  w.fill(0, 0, cols);
  w.fill(0.25, cols, 2 * cols);
  w[2 * cols + 5] = 40;
  return w;
}

/** The largest |w − dequantised| allowed in each block: half a step, plus float32 rounding. */
function assertWithinHalfStep(w: Float32Array, back: Float32Array, rows: number, cols: number, options: BlockwiseOptions, scales: Float32Array): void {
  const blocks = Math.ceil(cols / options.blockSize);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const scale = scales[r * blocks + Math.floor(c / options.blockSize)]!;
      const error = Math.abs(w[r * cols + c]! - back[r * cols + c]!);
      assert.ok(error <= scale / 2 + 1e-6 * Math.abs(w[r * cols + c]!), `row ${r} col ${c}: error ${error} > half step ${scale / 2}`);
    }
  }
}

describe('quantizeBlockwise', () => {
  for (const options of variants) {
    const label = `${options.bits}-bit, block ${options.blockSize}, ${options.symmetric ? 'symmetric' : 'asymmetric'}`;

    test(`${label}: every weight within half a step; zeros exact; sizes as MatMulNBits expects`, () => {
      const [rows, cols] = [5, 70];
      const w = awkwardWeight(rows, cols, 1);
      const q = quantizeBlockwise(w, rows, cols, options);
      const sizes = blockwiseBytes(rows, cols, options);
      assert.equal(q.blocksPerRow, Math.ceil(cols / options.blockSize));
      assert.equal(q.data.length, sizes.data);
      assert.equal(q.scales.length * 4, sizes.scales);
      assert.equal(q.zeroPoints?.length ?? 0, sizes.zeroPoints);
      const back = dequantizeBlockwise(q, rows, cols, options);
      assertWithinHalfStep(w, back, rows, cols, options, q.scales);
      assert.deepEqual(Array.from(back.subarray(0, cols)), Array<number>(cols).fill(0), 'the all-zero row');
    });

    test(`${label}: ONNX Runtime's MatMulNBits reads the layout as dequantizeBlockwise does`, async () => {
      const [rows, cols, batch] = [24, 80, 3];
      const w = awkwardWeight(rows, cols, 2);
      const q = quantizeBlockwise(w, rows, cols, options);
      const g = new GraphBuilder('matmulnbits');
      const x = g.input('x', 'float32', [batch, cols]);
      const weight = {
        data: g.initializer('w.q', 'uint8', [rows, q.blocksPerRow, (options.blockSize * options.bits) / 8], q.data),
        scales: g.initializer('w.scales', 'float32', [rows * q.blocksPerRow], q.scales),
        ...(q.zeroPoints ? { zeroPoints: g.initializer('w.zero_points', 'uint8', [q.zeroPoints.length], q.zeroPoints) } : {}),
      };
      // Accuracy level 0 computes in float32, so the only difference left is summation order.
      const y = new Ops(g).matMulNBits(x, weight, { k: cols, n: rows, bits: options.bits, blockSize: options.blockSize, accuracyLevel: 0 });
      g.output(y, 'float32', [batch, rows]);
      const random = seededRandom(3);
      const input = Float32Array.from({ length: batch * cols }, () => random() * 2 - 1);
      const out = await runGraph(g, { x: float32Tensor([batch, cols], input) });
      const back = dequantizeBlockwise(q, rows, cols, options);
      const expected = new Float32Array(batch * rows);
      for (let b = 0; b < batch; b++) {
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          for (let c = 0; c < cols; c++) sum += input[b * cols + c]! * back[r * cols + c]!;
          expected[b * rows + r] = sum;
        }
      }
      assertClose(out[y]!.data as Float32Array, expected, 1e-4, label);
    });
  }

  test('bad options and shapes name the field', () => {
    const w = new Float32Array(64);
    assert.throws(() => quantizeBlockwise(w, 2, 32, { bits: 8, blockSize: 24, symmetric: true }), (e: unknown) => e instanceof InvalidInputError && /blockSize.*power of two/.test(e.message));
    assert.throws(() => quantizeBlockwise(w, 2, 32, { bits: 3 as 4, blockSize: 32, symmetric: true }), (e: unknown) => e instanceof InvalidInputError && /bits.*4 or 8/.test(e.message));
    assert.throws(() => quantizeBlockwise(w, 3, 32, { bits: 8, blockSize: 32, symmetric: true }), (e: unknown) => e instanceof InvalidInputError && /weight.*3 × 32 values/.test(e.message));
  });
});

describe('quantizeRows', () => {
  test('int8 per row: within half a step of each row, zero rows exact', () => {
    const [rows, cols] = [4, 33];
    const w = awkwardWeight(rows, cols, 4);
    const { data, scales } = quantizeRows(w, rows, cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const error = Math.abs(data[r * cols + c]! * scales[r]! - w[r * cols + c]!);
        assert.ok(error <= scales[r]! / 2 + 1e-6, `row ${r} col ${c}: error ${error}`);
      }
    }
    assert.equal(scales[0], 0);
    assert.ok(data.subarray(0, cols).every((v) => v === 0));
  });
});
