/**
 * Turns tensor data into the little-endian bytes ONNX stores (raw_data or an external file),
 * checking it against the dtype and dims it was declared with.
 */
import { endianness } from 'node:os';
import { InvalidInputError } from '../../core/errors.js';
import { arrayNameOf, elementCount, isDataOf, type DataType, type TensorData } from '../dtype.js';
import { formatShape } from '../tensor.js';

/** The bytes of `data` without copying; typed arrays are little-endian on every platform owseg runs on. */
export function rawBytes(data: TensorData): Uint8Array {
  if (endianness() !== 'LE') throw new Error('owseg writes ONNX tensors only on little-endian machines');
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Throws InvalidInputError naming `field` unless `data` is the right array kind and length for dtype/dims. */
export function checkData(field: string, dtype: DataType, dims: readonly number[], data: unknown): asserts data is TensorData {
  if (!isDataOf(dtype, data)) {
    const got = data !== null && typeof data === 'object' ? data.constructor.name : typeof data;
    throw new InvalidInputError(field, `a ${arrayNameOf(dtype)} for ${dtype}`, `got ${got}`);
  }
  const count = elementCount(dims);
  if (data.length !== count) {
    throw new InvalidInputError(field, `${count} elements for dims ${formatShape(dims)}`, `got ${data.length}`);
  }
}
