/**
 * A tiny PNG encoder for test fixtures that sharp cannot write exactly: palette indices and 1-bit
 * maps, with every row filter type (None, Sub, Up, Average, Paeth) in turn so decoding is exercised.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** Encodes `labels` (row-major) as a palette (colour type 3) or greyscale (0) PNG of `depth` bits. */
export function encodeLabelPng(labels: ArrayLike<number>, width: number, height: number, colour: 0 | 3, depth: 1 | 8 | 16): Buffer {
  const stride = Math.ceil((width * depth) / 8);
  const bpp = Math.max(1, depth / 8);
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = labels[y * width + x]!;
      if (depth === 16) {
        rows[y * stride + 2 * x] = v >> 8;
        rows[y * stride + 2 * x + 1] = v & 255;
      } else if (depth === 8) rows[y * stride + x] = v;
      else rows[y * stride + (x >> 3)]! |= v << (7 - (x & 7));
    }
  }
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const cur = rows[y * stride + x]!;
      const a = x >= bpp ? rows[y * stride + x - bpp]! : 0;
      const b = y > 0 ? rows[(y - 1) * stride + x]! : 0;
      const c = y > 0 && x >= bpp ? rows[(y - 1) * stride + x - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      raw[y * (stride + 1) + 1 + x] = (cur - predictor) & 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = depth;
  header[9] = colour;
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header)];
  if (colour === 3) {
    // A scrambled palette: decoding colours instead of indices would give other numbers.
    const palette = Buffer.alloc(256 * 3);
    for (let i = 0; i < 256; i++) palette.set([(i * 37) & 255, (i * 91 + 7) & 255, (i * 13 + 100) & 255], i * 3);
    parts.push(chunk('PLTE', palette));
  }
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}
