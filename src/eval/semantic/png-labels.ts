/**
 * Reads single-channel PNG label maps exactly as stored: greyscale (1–16 bit) values or palette
 * indices — what PIL's np.array(Image.open(f)) gives for "L", "I;16" and "P" images — with node:zlib.
 */
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { InvalidInputError } from '../../core/errors.js';
import type { LabelMap } from './confusion.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const GREY = 0;
const PALETTE = 3;

/**
 * A decoding library would expand a palette PNG (PASCAL VOC's labels) to colours and reduce 16-bit
 * labels to 8 bits; label maps need the stored numbers, so the few PNG features they use are decoded here.
 */
export async function readLabelPng(path: string): Promise<LabelMap> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(path, 'an existing PNG label map', code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  return decodeLabelPng(bytes, path);
}

export function decodeLabelPng(bytes: Uint8Array, field: string): LabelMap {
  const fail = (detail: string): never => {
    throw new InvalidInputError(field, 'a single-channel PNG label map (greyscale or palette, not interlaced)', detail);
  };
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) fail('it is not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  const data: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) fail(`the ${type} chunk is truncated`);
    if (type === 'IHDR') {
      header = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12), depth: body[8]!, colour: body[9]!, interlace: body[12]! };
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (!header) return fail('it has no IHDR chunk');
  const { width, height, depth, colour, interlace } = header;
  if (colour !== GREY && colour !== PALETTE) {
    fail(`its colour type is ${colour === 2 ? 'RGB' : colour === 6 ? 'RGBA' : colour === 4 ? 'grey + alpha' : String(colour)}`);
  }
  if (interlace !== 0) fail('it is interlaced');
  // PIL scales 2- and 4-bit greyscale to 0–255, so their stored numbers are not what Python tools read as labels.
  if (colour === GREY && (depth === 2 || depth === 4)) fail(`it is ${depth}-bit greyscale; save labels as 8- or 16-bit`);
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(data));
  } catch (error) {
    return fail(`its image data does not inflate: ${(error as Error).message}`);
  }
  const stride = Math.ceil((width * depth) / 8);
  if (raw.length < height * (stride + 1)) fail('its image data is shorter than its size says');
  const rows = unfilter(raw, height, stride, Math.max(1, depth / 8), fail);
  return { width, height, data: unpack(rows, width, height, stride, depth) };
}

/** Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth) in place; returns the bare rows. */
function unfilter(raw: Buffer, height: number, stride: number, bpp: number, fail: (d: string) => never): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : undefined;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? row[x - bpp]! : 0;
      const b = up ? up[x]! : 0;
      const c = up && x >= bpp ? up[x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return fail(`row ${y} has an unknown filter type ${filter}`);
      }
      row[x] = (line[x]! + predictor) & 255;
    }
  }
  return out;
}

function unpack(rows: Uint8Array, width: number, height: number, stride: number, depth: number): Uint8Array | Uint16Array {
  if (depth === 8) return rows.length === width * height ? rows : rows.slice(0, width * height);
  if (depth === 16) {
    const labels = new Uint16Array(width * height);
    for (let i = 0; i < labels.length; i++) labels[i] = (rows[2 * i]! << 8) | rows[2 * i + 1]!;
    return labels;
  }
  const labels = new Uint8Array(width * height);
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = rows[y * stride + Math.floor(x / perByte)]!;
      labels[y * width + x] = (byte >> (8 - depth * (1 + (x % perByte)))) & mask;
    }
  }
  return labels;
}
