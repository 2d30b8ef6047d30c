/**
 * Writes initializers into one external-data file, one tensor at a time, so a multi-gigabyte model
 * is saved with only its largest tensor in memory.
 */
import { open } from 'node:fs/promises';

/**
 * Tensors of at least 64 KiB start on 64 KiB boundaries (the Windows mapping granularity, a
 * multiple of every page size) so ORT can memory-map them; smaller ones on 64-byte boundaries.
 */
export const LARGE_TENSOR_ALIGNMENT = 65536;
export const SMALL_TENSOR_ALIGNMENT = 64;

// Large writes go out in slices: one write(2) call may move at most about 2 GiB on Linux.
const WRITE_SLICE = 64 * 1024 * 1024;

export interface ExternalTensor {
  /** Byte length, known before the data is read so offsets can be planned. */
  byteLength: number;
  read(): Promise<Uint8Array>;
}

export interface ExternalPlacement {
  offset: number;
  length: number;
}

export function alignedOffset(end: number, length: number): number {
  const alignment = length >= LARGE_TENSOR_ALIGNMENT ? LARGE_TENSOR_ALIGNMENT : SMALL_TENSOR_ALIGNMENT;
  return Math.ceil(end / alignment) * alignment;
}

/** Writes the tensors in order at aligned offsets (gaps are zeros); returns where each one went and the file size. */
export async function writeExternalData(path: string, tensors: readonly ExternalTensor[]): Promise<{ placements: ExternalPlacement[]; size: number }> {
  const file = await open(path, 'w');
  try {
    const placements: ExternalPlacement[] = [];
    let end = 0;
    for (const t of tensors) {
      const offset = alignedOffset(end, t.byteLength);
      const bytes = await t.read();
      if (bytes.byteLength !== t.byteLength) throw new Error(`external data: expected ${t.byteLength} bytes, read ${bytes.byteLength}`);
      for (let done = 0; done < bytes.byteLength; ) {
        const { bytesWritten } = await file.write(bytes, done, Math.min(WRITE_SLICE, bytes.byteLength - done), offset + done);
        done += bytesWritten;
      }
      placements.push({ offset, length: t.byteLength });
      end = offset + t.byteLength;
    }
    // An empty trailing gap is never written, so size the file explicitly (a last empty tensor may sit past the data).
    await file.truncate(end);
    return { placements, size: end };
  } finally {
    await file.close();
  }
}
