/**
 * The safetensors header: an 8-byte little-endian length, then JSON naming every tensor's dtype,
 * shape and byte range. Parsed and checked here so a bad file fails before any weight is read.
 */
import { InvalidInputError } from '../../core/errors.js';
import { isSafetensorsDtype, safetensorsDtypes, type SafetensorsDtype } from './dtypes.js';

/** One tensor's entry: where its bytes are, relative to the start of the file. */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute byte offset of the first byte in the file. */
  readonly start: number;
  readonly byteLength: number;
}

export interface SafetensorsHeader {
  /** Size of the length prefix plus the JSON: the data region starts here. */
  readonly dataStart: number;
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Headers above this size are refused rather than allocated (the reference implementation's limit). */
export const maxHeaderBytes = 100_000_000;

/** Reads the JSON length from the file's first 8 bytes; `fileSize` bounds it. */
export function headerLength(prefix: Uint8Array, file: string, fileSize: number): number {
  if (prefix.byteLength < 8 || fileSize < 8) {
    throw new InvalidInputError(file, 'a safetensors file', `only ${fileSize} bytes, shorter than the 8-byte header length`);
  }
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(maxHeaderBytes)) {
    throw new InvalidInputError(file, `a safetensors header of at most ${maxHeaderBytes} bytes`, `header length ${length}`);
  }
  if (Number(length) > fileSize - 8) {
    throw new InvalidInputError(file, 'a complete safetensors file', `header of ${length} bytes but only ${fileSize - 8} bytes follow the length (truncated?)`);
  }
  return Number(length);
}

/** Parses and validates the JSON header of `file`, whose total size is `fileSize`. */
export function parseHeader(json: Uint8Array, file: string, fileSize: number): SafetensorsHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    throw new InvalidInputError(file, 'a safetensors header of UTF-8 JSON', (error as Error).message);
  }
  if (!isRecord(parsed)) throw new InvalidInputError(file, 'a safetensors header that is a JSON object');
  const dataStart = 8 + json.byteLength;
  const dataSize = fileSize - dataStart;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(entry, file);
      continue;
    }
    tensors.set(name, parseEntry(name, entry, file, dataStart, dataSize));
  }
  checkOverlaps([...tensors.values()], file);
  return { dataStart, tensors, metadata };
}

function parseEntry(name: string, entry: unknown, file: string, dataStart: number, dataSize: number): TensorInfo {
  const field = `${file}: tensor ${name}`;
  if (!isRecord(entry)) throw new InvalidInputError(field, 'an object with dtype, shape and data_offsets');
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string' || !isSafetensorsDtype(dtype)) {
    throw new InvalidInputError(`${field}.dtype`, `one of ${Object.keys(safetensorsDtypes).join(', ')}`, `got ${JSON.stringify(dtype)}`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new InvalidInputError(`${field}.shape`, 'an array of non-negative integers', `got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new InvalidInputError(`${field}.data_offsets`, '[begin, end] byte offsets', `got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const expectedBytes = elements * safetensorsDtypes[dtype];
  if (end < begin || end - begin !== expectedBytes) {
    throw new InvalidInputError(`${field}.data_offsets`, `a range of ${expectedBytes} bytes for ${dtype} ${JSON.stringify(shape)}`, `got [${begin}, ${end}]`);
  }
  if (end > dataSize) {
    throw new InvalidInputError(field, `bytes ${begin}..${end} inside the ${dataSize}-byte data region`, 'file truncated or offsets out of range');
  }
  return { name, dtype, shape: shape as number[], start: dataStart + begin, byteLength: expectedBytes };
}

function parseMetadata(entry: unknown, file: string): Record<string, string> {
  if (!isRecord(entry) || !Object.values(entry).every((v) => typeof v === 'string')) {
    throw new InvalidInputError(`${file}: __metadata__`, 'an object of string values');
  }
  return entry as Record<string, string>;
}

function checkOverlaps(tensors: TensorInfo[], file: string): void {
  const sorted = tensors.filter((t) => t.byteLength > 0).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.start + previous.byteLength) {
      throw new InvalidInputError(`${file}: tensor ${current.name}`, 'a byte range that overlaps no other tensor', `overlaps ${previous.name}`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
