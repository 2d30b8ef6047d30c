/**
 * Writes safetensors files one tensor at a time: the header is laid out from names, dtypes and
 * shapes first, then each tensor's bytes are asked for and appended, so no file is built in memory.
 */
import { open } from 'node:fs/promises';
import { safetensorsDtypes, type SafetensorsDtype } from './dtypes.js';

export interface TensorToWrite {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
}

/** Byte size of a tensor's data. */
export function tensorBytes(tensor: TensorToWrite): number {
  return tensor.shape.reduce((a, b) => a * b, 1) * safetensorsDtypes[tensor.dtype];
}

/** The encoded header (length prefix included) for `tensors` stored back to back in this order. */
export function encodeHeader(tensors: readonly TensorToWrite[], metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const bytes = tensorBytes(t);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data region starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const body = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + body.byteLength);
  out.writeBigUInt64LE(BigInt(body.byteLength), 0);
  body.copy(out, 8);
  return out;
}

/**
 * Writes `tensors` to `path`; `data(tensor)` supplies each tensor's little-endian bytes when its
 * turn comes and must return exactly `tensorBytes(tensor)` bytes.
 */
export async function writeSafetensors(
  path: string,
  tensors: readonly TensorToWrite[],
  data: (tensor: TensorToWrite) => Promise<Uint8Array> | Uint8Array,
  metadata?: Record<string, string>,
): Promise<void> {
  const handle = await open(path, 'w');
  try {
    const header = encodeHeader(tensors, metadata);
    await handle.write(header);
    for (const tensor of tensors) {
      const bytes = await data(tensor);
      if (bytes.byteLength !== tensorBytes(tensor)) {
        throw new Error(`writeSafetensors: ${tensor.name} needs ${tensorBytes(tensor)} bytes, got ${bytes.byteLength}`);
      }
      await handle.write(bytes);
    }
  } finally {
    await handle.close();
  }
}
