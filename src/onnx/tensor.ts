/**
 * owseg's own tensor value, independent of onnxruntime's class so models and tasks never see ORT:
 * constructors that check data against dims, and shape checks that report like InvalidInputError.
 */
import { InvalidInputError } from '../core/errors.js';
import {
  BYTES_PER_ELEMENT,
  allocateData,
  arrayNameOf,
  elementCount,
  isDataOf,
  type DataArrayOf,
  type DataType,
  type Dim,
  type TensorData,
} from './dtype.js';
import { float16ArrayToFloat32, float32ArrayToFloat16, float32ToFloat16Bits } from './float16.js';

/** A dense row-major tensor. float16 data holds IEEE half bits; bool data holds 0/1 bytes. */
export interface Tensor {
  dtype: DataType;
  dims: number[];
  data: TensorData;
}

/** A tensor whose data type is known statically, e.g. `TypedTensor<'int64'>` has a BigInt64Array. */
export interface TypedTensor<T extends DataType> extends Tensor {
  dtype: T;
  data: DataArrayOf[T];
}

/** Builds a tensor, checking that the data array suits the dtype and holds exactly the dims' elements. */
export function tensor<T extends DataType>(dtype: T, dims: readonly number[], data?: DataArrayOf[T]): TypedTensor<T> {
  for (const [i, d] of dims.entries()) {
    if (!Number.isSafeInteger(d) || d < 0) throw new InvalidInputError(`dims[${i}]`, 'a non-negative integer', `got ${d}`);
  }
  const count = elementCount(dims);
  const values = data ?? allocateData(dtype, count);
  if (!isDataOf(dtype, values)) {
    throw new InvalidInputError('data', `a ${arrayNameOf(dtype)} for a ${dtype} tensor`, `got ${describeArray(values)}`);
  }
  if (values.length !== count) {
    throw new InvalidInputError('data', `${count} elements for dims ${formatShape(dims)}`, `got ${values.length}`);
  }
  return { dtype, dims: [...dims], data: values };
}

/**
 * A typed array of `dtype` from plain values: float16 values are rounded to half bits, bools and
 * numbers become 0/1 for bool, int64 goes through BigInt (so numbers must be integers).
 */
export function dataFromValues<T extends DataType>(dtype: T, values: ArrayLike<number | bigint | boolean>): DataArrayOf[T] {
  const out = allocateData(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (dtype === 'int64') (out as BigInt64Array)[i] = BigInt(v);
    else if (dtype === 'bool') out[i] = v ? 1 : 0;
    else if (dtype === 'float16') out[i] = float32ToFloat16Bits(Number(v));
    else out[i] = Number(v);
  }
  return out;
}

/** A float32 tensor from plain numbers. */
export function float32Tensor(dims: readonly number[], values: ArrayLike<number>): TypedTensor<'float32'> {
  return tensor('float32', dims, Float32Array.from(values));
}

/** An int64 tensor from numbers or bigints (numbers must be integers). */
export function int64Tensor(dims: readonly number[], values: ArrayLike<number | bigint>): TypedTensor<'int64'> {
  return tensor('int64', dims, dataFromValues('int64', values));
}

export function int32Tensor(dims: readonly number[], values: ArrayLike<number>): TypedTensor<'int32'> {
  return tensor('int32', dims, Int32Array.from(values));
}

export function boolTensor(dims: readonly number[], values: ArrayLike<boolean | number>): TypedTensor<'bool'> {
  return tensor('bool', dims, dataFromValues('bool', values));
}

/** The tensor's values as float32 (float16 decoded exactly; integers converted, int64 through Number). */
export function toFloat32(t: Tensor): Float32Array {
  if (t.dtype === 'float16') return float16ArrayToFloat32(t.data as Uint16Array);
  if (t.data instanceof Float32Array) return t.data;
  if (t.data instanceof BigInt64Array) return Float32Array.from(t.data, (v) => Number(v));
  return Float32Array.from(t.data);
}

/** A float32 tensor as float16 (round to nearest even), or a float16 tensor as float32. */
export function castFloat<T extends 'float32' | 'float16'>(t: Tensor, to: T): TypedTensor<T> {
  if (t.dtype === to) return t as TypedTensor<T>;
  if (t.dtype === 'float32' && to === 'float16') return tensor(to, t.dims, float32ArrayToFloat16(t.data as Float32Array) as DataArrayOf[T]);
  if (t.dtype === 'float16' && to === 'float32') return tensor(to, t.dims, float16ArrayToFloat32(t.data as Uint16Array) as DataArrayOf[T]);
  throw new InvalidInputError('dtype', 'float32 or float16', `got ${t.dtype}`);
}

export function byteLength(t: Tensor): number {
  return elementCount(t.dims) * BYTES_PER_ELEMENT[t.dtype];
}

/** `[batch, 3, 448, 448]`: dims as written in error messages. */
export function formatShape(dims: readonly Dim[]): string {
  return `[${dims.join(', ')}]`;
}

/** A dim of unknown size with no name: accepts any size and binds nothing. */
export const ANONYMOUS_DIM = '?';

/**
 * Why `dims` does not fit `pattern`, or undefined when it fits. A string in the pattern is a
 * symbolic dim: it accepts any size, but the same name must take the same size everywhere it is
 * bound in `bindings` (shared across calls, so several tensors can be checked together).
 */
export function shapeMismatch(dims: readonly number[], pattern: readonly Dim[], bindings = new Map<string, number>()): string | undefined {
  if (dims.length !== pattern.length) return `rank ${dims.length} instead of ${pattern.length}`;
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = dims[i]!;
    if (typeof want === 'number') {
      if (got !== want) return `dim ${i} is ${got} instead of ${want}`;
      continue;
    }
    if (want === ANONYMOUS_DIM) continue;
    const bound = bindings.get(want);
    if (bound === undefined) bindings.set(want, got);
    else if (bound !== got) return `dim ${i} (${want}) is ${got} but ${want} is ${bound} elsewhere`;
  }
  return undefined;
}

/** Throws InvalidInputError naming `field` when the tensor's dtype or shape does not fit. */
export function checkTensor(
  field: string,
  t: Tensor,
  expected: { dtype?: DataType | readonly DataType[]; dims?: readonly Dim[] },
  bindings?: Map<string, number>,
): void {
  const allowed = expected.dtype === undefined ? undefined : typeof expected.dtype === 'string' ? [expected.dtype] : expected.dtype;
  const want = describeExpected(allowed, expected.dims);
  if (allowed && !allowed.includes(t.dtype)) throw new InvalidInputError(field, want, `got ${t.dtype} ${formatShape(t.dims)}`);
  if (expected.dims) {
    const why = shapeMismatch(t.dims, expected.dims, bindings);
    if (why) throw new InvalidInputError(field, want, `got ${t.dtype} ${formatShape(t.dims)}: ${why}`);
  }
}

export function describeExpected(dtypes: readonly string[] | undefined, dims: readonly Dim[] | undefined): string {
  const type = dtypes ? dtypes.join(' or ') : 'any';
  const article = /^(int|any)/.test(type) ? 'an' : 'a';
  return dims ? `${article} ${type} tensor of shape ${formatShape(dims)}` : `${article} ${type} tensor`;
}

function describeArray(value: unknown): string {
  if (value === null || typeof value !== 'object') return typeof value;
  return value.constructor.name;
}
