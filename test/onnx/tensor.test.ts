/**
 * Tests for owseg's Tensor helpers: construction checks, value conversion, float casts and the
 * shape checks sessions rely on (symbolic dims bound across tensors).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../src/core/errors.js';
import {
  boolTensor,
  byteLength,
  castFloat,
  checkTensor,
  dataFromValues,
  float32Tensor,
  formatShape,
  int64Tensor,
  shapeMismatch,
  tensor,
  toFloat32,
  type Tensor,
} from '../../src/onnx/index.js';

test('tensor() allocates zeros, and checks the array kind and element count', () => {
  const t = tensor('int64', [2, 3]);
  assert.ok(t.data instanceof BigInt64Array);
  assert.equal(t.data.length, 6);
  assert.deepEqual(tensor('float32', []).dims, [], 'a scalar has one element');
  assert.throws(() => tensor('float32', [2], new Int32Array(2) as unknown as Float32Array), (e: unknown) => e instanceof InvalidInputError && /Float32Array/.test(e.message));
  assert.throws(() => tensor('float16', [3], new Uint16Array(2)), /3 elements for dims \[3\]/);
  assert.throws(() => tensor('uint8', [-1]), InvalidInputError);
});

test('typed constructors convert plain values', () => {
  assert.deepEqual(Array.from(int64Tensor([2], [3, 4n]).data), [3n, 4n]);
  assert.deepEqual(Array.from(boolTensor([3], [true, 0, 5]).data), [1, 0, 1]);
  assert.deepEqual(Array.from(dataFromValues('float16', [1, -2])), [0x3c00, 0xc000]);
  assert.throws(() => int64Tensor([1], [1.5]), RangeError);
});

test('float casts and toFloat32', () => {
  const t = float32Tensor([2], [1, 65520]);
  const half = castFloat(t, 'float16');
  assert.equal(half.dtype, 'float16');
  assert.deepEqual(Array.from(half.data), [0x3c00, 0x7c00]);
  assert.deepEqual(Array.from(toFloat32(half)), [1, Infinity]);
  assert.deepEqual(Array.from(toFloat32(int64Tensor([2], [7, -1]))), [7, -1]);
  assert.equal(castFloat(t, 'float32'), t as Tensor);
  assert.throws(() => castFloat(int64Tensor([1], [1]), 'float16'), InvalidInputError);
  assert.equal(byteLength(half), 4);
});

test('shapeMismatch: fixed dims, rank, and symbolic dims bound across calls', () => {
  assert.equal(shapeMismatch([1, 3], ['batch', 3]), undefined);
  assert.match(shapeMismatch([1, 4], ['batch', 3])!, /dim 1 is 4 instead of 3/);
  assert.match(shapeMismatch([1, 3, 1], ['batch', 3])!, /rank 3 instead of 2/);
  const bindings = new Map<string, number>();
  assert.equal(shapeMismatch([2, 5], ['batch', 'seq'], bindings), undefined);
  assert.match(shapeMismatch([3, 5], ['batch', 'seq'], bindings)!, /batch\) is 3 but batch is 2/);
  assert.equal(shapeMismatch([7, 9], ['?', '?'], bindings), undefined, 'anonymous dims bind nothing');
});

test('checkTensor throws InvalidInputError naming the field and the expected dtype and shape', () => {
  const t = float32Tensor([2, 3], [1, 2, 3, 4, 5, 6]);
  checkTensor('pixels', t, { dtype: ['float32', 'float16'], dims: ['n', 3] });
  assert.throws(
    () => checkTensor('pixels', t, { dtype: 'int64', dims: ['n', 3] }),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'pixels' && e.expected === 'an int64 tensor of shape [n, 3]' && /got float32 \[2, 3\]/.test(e.message),
  );
  assert.throws(() => checkTensor('pixels', t, { dims: [2, 4] }), /dim 1 is 3 instead of 4/);
  assert.equal(formatShape(['batch', 3]), '[batch, 3]');
});
