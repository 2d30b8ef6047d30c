/**
 * Node attributes: the values a caller may pass and how each becomes an AttributeProto. Plain
 * numbers are ints when whole, floats otherwise; `attr.float` forces a float that happens to be whole.
 */
import { ONNX_TYPE_CODE, type DataType, type TensorData } from '../dtype.js';
import { ATTRIBUTE_TYPE, type AttributeMessage } from './proto.js';
import { checkData, rawBytes } from './raw-data.js';

export type TypedAttribute =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'tensor'; dtype: DataType; dims: readonly number[]; data: TensorData };

export type AttributeValue = number | string | readonly number[] | readonly string[] | TypedAttribute;

/** Explicitly typed attribute values, for when a plain number would be read as the wrong kind. */
export const attr = {
  float: (value: number): TypedAttribute => ({ kind: 'float', value }),
  int: (value: number): TypedAttribute => ({ kind: 'int', value }),
  floats: (value: readonly number[]): TypedAttribute => ({ kind: 'floats', value }),
  ints: (value: readonly number[]): TypedAttribute => ({ kind: 'ints', value }),
  tensor: (dtype: DataType, dims: readonly number[], data: TensorData): TypedAttribute => ({ kind: 'tensor', dtype, dims, data }),
};

const textEncoder = new TextEncoder();

export function attributeMessage(name: string, value: AttributeValue): AttributeMessage {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? intAttribute(name, value) : { name, type: ATTRIBUTE_TYPE.float, f: value };
  }
  if (typeof value === 'string') return { name, type: ATTRIBUTE_TYPE.string, s: textEncoder.encode(value) };
  if (isList(value)) {
    if (value.every((v): v is string => typeof v === 'string')) {
      return { name, type: ATTRIBUTE_TYPE.strings, strings: value.map((v) => textEncoder.encode(v)) };
    }
    const numbers = value as readonly number[];
    return numbers.every(Number.isInteger) ? intsAttribute(name, numbers) : { name, type: ATTRIBUTE_TYPE.floats, floats: [...numbers] };
  }
  switch (value.kind) {
    case 'float':
      return { name, type: ATTRIBUTE_TYPE.float, f: value.value };
    case 'int':
      return intAttribute(name, value.value);
    case 'floats':
      return { name, type: ATTRIBUTE_TYPE.floats, floats: [...value.value] };
    case 'ints':
      return intsAttribute(name, value.value);
    case 'tensor':
      checkData(`attribute ${name}`, value.dtype, value.dims, value.data);
      return {
        name,
        type: ATTRIBUTE_TYPE.tensor,
        t: { name: '', dims: [...value.dims], data_type: ONNX_TYPE_CODE[value.dtype], raw_data: rawBytes(value.data).slice() },
      };
  }
}

function isList(value: AttributeValue): value is readonly number[] | readonly string[] {
  return Array.isArray(value);
}

function intAttribute(name: string, value: number): AttributeMessage {
  checkInt(name, value);
  return { name, type: ATTRIBUTE_TYPE.int, i: value };
}

function intsAttribute(name: string, values: readonly number[]): AttributeMessage {
  for (const v of values) checkInt(name, v);
  return { name, type: ATTRIBUTE_TYPE.ints, ints: [...values] };
}

function checkInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`attribute ${name}: ${value} is not a safe integer`);
}
