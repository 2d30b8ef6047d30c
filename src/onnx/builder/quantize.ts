/**
 * Blockwise weight quantisation in the layout of ONNX Runtime's MatMulNBits (com.microsoft) and
 * per-row int8 for embedding tables. Hand-written: no maintained JS library writes these layouts.
 */
import { InvalidInputError } from '../../core/errors.js';

export interface BlockwiseOptions {
  /** 4 or 8. */
  bits: 4 | 8;
  /** Weights per block along the input axis: a power of two, at least 16 (MatMulNBits' rule). */
  blockSize: number;
  /**
   * true: scale = max|w| / (2^(bits−1) − 1) around the kernel's default zero point (8 or 128), no
   * zero-point tensor. false: each block's [min, max] (widened to hold 0) spread over every level, with a zero point.
   */
  symmetric: boolean;
}

export interface BlockwiseWeights {
  /** [N, blocksPerRow, blockSize · bits / 8] packed levels; 4-bit: even index in the low nibble. */
  data: Uint8Array;
  /** [N · blocksPerRow] float32. */
  scales: Float32Array;
  /** Asymmetric only: [N · ⌈blocksPerRow · bits / 8⌉] packed like the data, one zero point per block. */
  zeroPoints?: Uint8Array;
  blocksPerRow: number;
}

export function checkBlockwiseOptions(options: BlockwiseOptions): void {
  if (options.bits !== 4 && options.bits !== 8) throw new InvalidInputError('bits', '4 or 8', `got ${String(options.bits)}`);
  const b = options.blockSize;
  if (!Number.isInteger(b) || b < 16 || (b & (b - 1)) !== 0) throw new InvalidInputError('blockSize', 'a power of two, at least 16', `got ${b}`);
}

/** Bytes MatMulNBits' B, scales and zero points take for an [N, K] weight. */
export function blockwiseBytes(rows: number, cols: number, options: BlockwiseOptions): { data: number; scales: number; zeroPoints: number } {
  const blocks = Math.ceil(cols / options.blockSize);
  return {
    data: (rows * blocks * options.blockSize * options.bits) / 8,
    scales: rows * blocks * 4,
    zeroPoints: options.symmetric ? 0 : rows * Math.ceil((blocks * options.bits) / 8),
  };
}

/**
 * Quantises a row-major [rows = N outputs, cols = K inputs] matrix (a PyTorch Linear weight as
 * stored) block by block along K. The last block of a row is padded with the level of 0.
 */
export function quantizeBlockwise(weight: Float32Array, rows: number, cols: number, options: BlockwiseOptions): BlockwiseWeights {
  checkBlockwiseOptions(options);
  if (weight.length !== rows * cols) throw new InvalidInputError('weight', `${rows} × ${cols} values`, `got ${weight.length}`);
  const { bits, blockSize, symmetric } = options;
  const blocksPerRow = Math.ceil(cols / blockSize);
  const sizes = blockwiseBytes(rows, cols, options);
  const data = new Uint8Array(sizes.data);
  const scales = new Float32Array(rows * blocksPerRow);
  const zeroPoints = symmetric ? undefined : new Uint8Array(sizes.zeroPoints);
  const zeroPointBytesPerRow = Math.ceil((blocksPerRow * bits) / 8);
  const top = (1 << bits) - 1;
  const levels = new Uint8Array(blockSize);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < blocksPerRow; b++) {
      const from = r * cols + b * blockSize;
      const to = r * cols + Math.min((b + 1) * blockSize, cols);
      const { scale, zeroPoint } = symmetric ? symmetricBlock(weight, from, to, bits) : asymmetricBlock(weight, from, to, top);
      // The kernel multiplies by the float32 scale, so levels are chosen against that same value.
      const stored = Math.fround(scale);
      scales[r * blocksPerRow + b] = stored;
      levels.fill(zeroPoint);
      for (let i = from; i < to; i++) levels[i - from] = stored === 0 ? zeroPoint : clamp(Math.round(weight[i]! / stored) + zeroPoint, 0, top);
      packLevels(levels, bits, data, (r * blocksPerRow + b) * ((blockSize * bits) / 8));
      if (zeroPoints) packOne(zeroPoints, r * zeroPointBytesPerRow, b, zeroPoint, bits);
    }
  }
  return zeroPoints ? { data, scales, zeroPoints, blocksPerRow } : { data, scales, blocksPerRow };
}

/** What quantizeBlockwise's output stands for, [rows, cols] row-major: (level − zero point) × scale. */
export function dequantizeBlockwise(q: BlockwiseWeights, rows: number, cols: number, options: BlockwiseOptions): Float32Array {
  const { bits, blockSize, symmetric } = options;
  const out = new Float32Array(rows * cols);
  const zeroPointBytesPerRow = Math.ceil((q.blocksPerRow * bits) / 8);
  const blobBytes = (blockSize * bits) / 8;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const b = Math.floor(c / blockSize);
      const zeroPoint = symmetric ? 1 << (bits - 1) : unpackOne(q.zeroPoints!, r * zeroPointBytesPerRow, b, bits);
      const level = unpackOne(q.data, (r * q.blocksPerRow + b) * blobBytes, c % blockSize, bits);
      out[r * cols + c] = (level - zeroPoint) * q.scales[r * q.blocksPerRow + b]!;
    }
  }
  return out;
}

export interface RowQuantized {
  /** [rows, cols] int8 levels, symmetric around 0. */
  data: Int8Array;
  /** [rows] float32: a row's values are its levels × its scale. */
  scales: Float32Array;
}

/** Symmetric int8 per row (scale = max|row| / 127): embedding tables, read a row at a time by Gather. */
export function quantizeRows(weight: Float32Array, rows: number, cols: number): RowQuantized {
  if (weight.length !== rows * cols) throw new InvalidInputError('weight', `${rows} × ${cols} values`, `got ${weight.length}`);
  const data = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let i = r * cols; i < (r + 1) * cols; i++) max = Math.max(max, Math.abs(weight[i]!));
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    if (scale === 0) continue;
    for (let i = r * cols; i < (r + 1) * cols; i++) data[i] = clamp(Math.round(weight[i]! / scale), -127, 127);
  }
  return { data, scales };
}

function symmetricBlock(weight: Float32Array, from: number, to: number, bits: number): { scale: number; zeroPoint: number } {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs(weight[i]!));
  return { scale: max / ((1 << (bits - 1)) - 1), zeroPoint: 1 << (bits - 1) };
}

function asymmetricBlock(weight: Float32Array, from: number, to: number, top: number): { scale: number; zeroPoint: number } {
  // The range always holds 0, so zero weights (and the padding) are exact.
  let min = 0;
  let max = 0;
  for (let i = from; i < to; i++) {
    min = Math.min(min, weight[i]!);
    max = Math.max(max, weight[i]!);
  }
  const scale = (max - min) / top;
  return { scale, zeroPoint: scale === 0 ? 0 : clamp(Math.round(-min / Math.fround(scale)), 0, top) };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function packLevels(levels: Uint8Array, bits: number, out: Uint8Array, at: number): void {
  if (bits === 8) {
    out.set(levels, at);
    return;
  }
  for (let i = 0; i < levels.length; i += 2) out[at + i / 2] = levels[i]! | (levels[i + 1]! << 4);
}

function packOne(out: Uint8Array, at: number, index: number, value: number, bits: number): void {
  if (bits === 8) out[at + index] = value;
  else out[at + (index >> 1)]! |= (index & 1 ? value << 4 : value);
}

function unpackOne(data: Uint8Array, at: number, index: number, bits: number): number {
  if (bits === 8) return data[at + index]!;
  const byte = data[at + (index >> 1)]!;
  return index & 1 ? byte >> 4 : byte & 15;
}
