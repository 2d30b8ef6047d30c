/**
 * One safetensors file opened for streaming: the header is read at open, each tensor's bytes only
 * when asked for, so a multi-gigabyte checkpoint never sits in memory whole.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { InvalidInputError } from '../../core/errors.js';
import { isFloatDtype, toFloat32 } from './dtypes.js';
import { headerLength, parseHeader, type SafetensorsHeader, type TensorInfo } from './header.js';

export class SafetensorsFile {
  readonly path: string;
  readonly header: SafetensorsHeader;
  private readonly handle: FileHandle;

  private constructor(path: string, handle: FileHandle, header: SafetensorsHeader) {
    this.path = path;
    this.handle = handle;
    this.header = header;
  }

  /** Opens `path` and validates its header; the caller must `close()` it. */
  static async open(path: string): Promise<SafetensorsFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const prefix = Buffer.alloc(8);
      await handle.read(prefix, 0, Math.min(8, size), 0);
      const length = headerLength(prefix, path, size);
      const json = Buffer.alloc(length);
      await readFully(handle, json, 8, path, 'header');
      return new SafetensorsFile(path, handle, parseHeader(json, path, size));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get tensors(): ReadonlyMap<string, TensorInfo> {
    return this.header.tensors;
  }

  /** Metadata of tensor `name`; throws naming the file when it has no such tensor. */
  info(name: string): TensorInfo {
    const info = this.header.tensors.get(name);
    if (!info) throw new InvalidInputError(`${this.path}: tensor ${name}`, 'a tensor present in the file');
    return info;
  }

  /** The raw little-endian bytes of tensor `name`. */
  async readBytes(name: string): Promise<Uint8Array> {
    const info = this.info(name);
    const bytes = Buffer.allocUnsafeSlow(info.byteLength);
    await readFully(this.handle, bytes, info.start, this.path, `tensor ${name}`);
    return bytes;
  }

  /** Tensor `name` as float32 (stored as F32, F16 or BF16; any other dtype is refused). */
  async readFloat32(name: string): Promise<Float32Array> {
    const info = this.info(name);
    if (!isFloatDtype(info.dtype)) {
      throw new InvalidInputError(`${this.path}: tensor ${name}.dtype`, 'F32, F16 or BF16', `got ${info.dtype}`);
    }
    return toFloat32(await this.readBytes(name), info.dtype);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Fills `buffer` from `position`, failing with the file and the item named when the file ends early. */
async function readFully(handle: FileHandle, buffer: Uint8Array, position: number, file: string, what: string): Promise<void> {
  let done = 0;
  while (done < buffer.byteLength) {
    const chunk = Math.min(buffer.byteLength - done, 1 << 30);
    const { bytesRead } = await handle.read(buffer, done, chunk, position + done);
    if (bytesRead === 0) {
      throw new InvalidInputError(`${file}: ${what}`, `${buffer.byteLength} bytes at offset ${position}`, `file ends after ${done} (truncated?)`);
    }
    done += bytesRead;
  }
}
