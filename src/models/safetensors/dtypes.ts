/**
 * Safetensors element types: their byte sizes, and the conversion of the floating-point ones owseg
 * reads (F32, F16, BF16) to float32, so checkpoints in any of them become the same fp32 graph.
 */
import {
  bfloat16ArrayToFloat32,
  float16ArrayToFloat32,
  float32ArrayToBfloat16,
  float32ArrayToFloat16,
} from '../../onnx/float16.js';

/** Every dtype name the safetensors format defines; headers with any other name are rejected. */
export const safetensorsDtypes = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
} as const;

export type SafetensorsDtype = keyof typeof safetensorsDtypes;

/** The dtypes owseg converts to float32 when it reads a tensor. */
export type FloatDtype = 'F32' | 'F16' | 'BF16';

export function isSafetensorsDtype(name: string): name is SafetensorsDtype {
  return Object.hasOwn(safetensorsDtypes, name);
}

export function isFloatDtype(name: string): name is FloatDtype {
  return name === 'F32' || name === 'F16' || name === 'BF16';
}

/**
 * Decodes little-endian `bytes` of `dtype` into float32 values (owseg runs on little-endian hosts
 * only). For F32 the result may share memory with `bytes`, which the readers hand over anyway.
 */
export function toFloat32(bytes: Uint8Array, dtype: FloatDtype): Float32Array {
  const count = bytes.byteLength / safetensorsDtypes[dtype];
  if (dtype === 'F32') {
    const source = aligned(bytes, 4);
    return new Float32Array(source.buffer, source.byteOffset, count);
  }
  const source = aligned(bytes, 2);
  const halves = new Uint16Array(source.buffer, source.byteOffset, count);
  return dtype === 'BF16' ? bfloat16ArrayToFloat32(halves) : float16ArrayToFloat32(halves);
}

/** Encodes float32 values as little-endian `dtype` bytes; BF16 and F16 round to nearest even. */
export function fromFloat32(values: Float32Array, dtype: FloatDtype): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const halves = dtype === 'BF16' ? float32ArrayToBfloat16(values) : float32ArrayToFloat16(values);
  return new Uint8Array(halves.buffer);
}

/** `bytes` itself when its offset suits a typed-array view of `size`-byte elements, else an aligned copy. */
function aligned(bytes: Uint8Array, size: number): Uint8Array {
  return bytes.byteOffset % size === 0 ? bytes : bytes.slice();
}
