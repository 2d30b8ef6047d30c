/**
 * The element types owseg's graphs and sessions use: their ONNX type codes, byte sizes and the
 * typed arrays that hold them (float16 as raw IEEE half bits in a Uint16Array, bool as 0/1 bytes).
 */

export type DataType = 'float32' | 'float16' | 'int64' | 'int32' | 'bool' | 'uint8' | 'int8';

/** A tensor dimension: a fixed size, or a symbolic name (ONNX dim_param) that any size may fill. */
export type Dim = number | string;

/** The typed array that holds each element type. */
export interface DataArrayOf {
  float32: Float32Array;
  float16: Uint16Array;
  int64: BigInt64Array;
  int32: Int32Array;
  bool: Uint8Array;
  uint8: Uint8Array;
  int8: Int8Array;
}

/** Any typed array a tensor of a supported element type is held in. */
export type TensorData = DataArrayOf[DataType];

export const DATA_TYPES: readonly DataType[] = ['float32', 'float16', 'int64', 'int32', 'bool', 'uint8', 'int8'];

/** TensorProto.DataType codes from onnx.proto. */
export const ONNX_TYPE_CODE: Readonly<Record<DataType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
};

export const BYTES_PER_ELEMENT: Readonly<Record<DataType, number>> = {
  float32: 4,
  float16: 2,
  int64: 8,
  int32: 4,
  bool: 1,
  uint8: 1,
  int8: 1,
};

const ARRAY_CONSTRUCTOR = {
  float32: Float32Array,
  float16: Uint16Array,
  int64: BigInt64Array,
  int32: Int32Array,
  bool: Uint8Array,
  uint8: Uint8Array,
  int8: Int8Array,
} as const;

export function isDataType(value: unknown): value is DataType {
  return typeof value === 'string' && (DATA_TYPES as readonly string[]).includes(value);
}

/** A zero-filled array for `length` elements of `dtype`. */
export function allocateData<T extends DataType>(dtype: T, length: number): DataArrayOf[T] {
  return new ARRAY_CONSTRUCTOR[dtype](length) as DataArrayOf[T];
}

/** Whether `data` is the typed array kind that holds `dtype` (a Uint8Array serves both bool and uint8). */
export function isDataOf(dtype: DataType, data: unknown): data is TensorData {
  return data instanceof ARRAY_CONSTRUCTOR[dtype];
}

/** The name of the typed array that holds `dtype`, for error messages. */
export function arrayNameOf(dtype: DataType): string {
  return ARRAY_CONSTRUCTOR[dtype].name;
}

/** Product of the dims; 1 for a scalar (no dims). */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const d of dims) count *= d;
  return count;
}
