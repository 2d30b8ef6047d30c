/**
 * Checkpoint tensors as lazy graph initializers, stored as the pack's weight scheme says: nothing
 * is read while a graph is built; each weight is read, transposed or quantised only when saved.
 */
import { float32ArrayToFloat16, quantizeBlockwise, quantizeRows, type GraphBuilder, type Ops } from '../../../onnx/index.js';
import { weightScheme, type WeightScheme } from '../weight-format.js';

/** Reads one checkpoint tensor as float32 (the converter's streaming reader). */
export type TensorReader = (name: string) => Promise<Float32Array>;

/** Where the graphs' weights come from and how they are stored; shared by the three graphs of a pack. */
export interface WeightSource {
  read: TensorReader;
  scheme: WeightScheme;
  /** float32 bytes of every weight declared so far: the converter's progress total. */
  declaredBytes: number;
}

export function weightSource(read: TensorReader, scheme: WeightScheme = weightScheme()): WeightSource {
  return { read, scheme, declaredBytes: 0 };
}

export class CheckpointWeights {
  private readonly g: GraphBuilder;
  private readonly source: WeightSource;

  constructor(g: GraphBuilder, source: WeightSource) {
    this.g = g;
    this.source = source;
  }

  private read(name: string): Promise<Float32Array> {
    return this.source.read(name);
  }

  private declare(elements: number): void {
    this.source.declaredBytes += elements * 4;
  }

  /** Tensor `name` as stored, with the given dims (which may drop or add size-1 axes), in float32. */
  tensor(name: string, dims: number[], as = name): string {
    this.declare(dims.reduce((a, b) => a * b, 1));
    return this.g.initializer(as, 'float32', dims, () => this.read(name));
  }

  /** x @ Wᵀ (+ bias) for a PyTorch Linear weight W [out, in], stored as the scheme says (`lmHead`: as its LM head). */
  linear(o: Ops, x: string, name: string, out: number, inFeatures: number, options: { bias?: string; as?: string; lmHead?: boolean } = {}): string {
    const as = options.as ?? name;
    const { scheme } = this.source;
    this.declare(out * inFeatures);
    if (scheme.linear === 'MatMulNBits') {
      const bits = options.lmHead ? scheme.lmHeadBits! : scheme.bits!;
      // An 8-bit head in a 4-bit pack is symmetric like every 8-bit weight.
      const quantization = { bits, blockSize: scheme.blockSize!, symmetric: bits === scheme.bits ? scheme.symmetric! : true };
      const blocks = Math.ceil(inFeatures / quantization.blockSize);
      const quantized = sharedBetween(async () => quantizeBlockwise(await this.read(name), out, inFeatures, quantization), quantization.symmetric ? 2 : 3);
      const weight = {
        data: this.g.initializer(`${as}.q${quantization.bits}`, 'uint8', [out, blocks, (quantization.blockSize * quantization.bits) / 8], async () => (await quantized()).data),
        scales: this.g.initializer(`${as}.scales`, 'float32', [out * blocks], async () => (await quantized()).scales),
        ...(quantization.symmetric
          ? {}
          : { zeroPoints: this.g.initializer(`${as}.zero_points`, 'uint8', [out * Math.ceil((blocks * quantization.bits) / 8)], async () => (await quantized()).zeroPoints!) }),
      };
      return o.matMulNBits(x, weight, { k: inFeatures, n: out, bits: quantization.bits, blockSize: quantization.blockSize, accuracyLevel: scheme.accuracyLevel! }, options.bias);
    }
    const transposed = async (): Promise<Float32Array> => transpose(await this.read(name), out, inFeatures);
    const matrix =
      scheme.linear === 'float32'
        ? this.g.initializer(as, 'float32', [inFeatures, out], transposed)
        : o.cast(this.g.initializer(as, 'float16', [inFeatures, out], async () => float32ArrayToFloat16(await transposed())), 'float32');
    return o.linear(x, matrix, options.bias);
  }

  /** Rows `ids` of an embedding table [rows, cols], as float32. */
  embedding(o: Ops, ids: string, name: string, rows: number, cols: number): string {
    const { embeddings } = this.source.scheme;
    if (embeddings === 'float32') return o.gather(this.tensor(name, [rows, cols]), ids, 0);
    this.declare(rows * cols);
    if (embeddings === 'float16') return o.cast(o.gather(this.g.initializer(name, 'float16', [rows, cols], async () => float32ArrayToFloat16(await this.read(name))), ids, 0), 'float32');
    const quantized = sharedBetween(async () => quantizeRows(await this.read(name), rows, cols), 2);
    const levels = o.gather(this.g.initializer(`${name}.q8`, 'int8', [rows, cols], async () => (await quantized()).data), ids, 0);
    const scales = o.gather(this.g.initializer(`${name}.scales`, 'float32', [rows, 1], async () => (await quantized()).scales), ids, 0);
    return o.mul(o.cast(levels, 'float32'), scales);
  }

  /** A value computed at save time (e.g. resized position embeddings). */
  derived(as: string, dims: number[], compute: () => Promise<Float32Array>): string {
    this.declare(dims.reduce((a, b) => a * b, 1));
    return this.g.initializer(as, 'float32', dims, compute);
  }
}

/**
 * One computation feeding `consumers` initializers that the builder saves one after another: it
 * runs at the first read and is dropped after the last, so it is held only while its parts are written.
 */
function sharedBetween<T>(compute: () => Promise<T>, consumers: number): () => Promise<T> {
  let pending: Promise<T> | undefined;
  let taken = 0;
  return () => {
    pending ??= compute();
    const result = pending;
    if (++taken === consumers) {
      pending = undefined;
      taken = 0;
    }
    return result;
  };
}

/** Row-major [rows, cols] → [cols, rows], in tiles so both sides stay cache-friendly. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const tile = 64;
  for (let r0 = 0; r0 < rows; r0 += tile) {
    const r1 = Math.min(r0 + tile, rows);
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const c1 = Math.min(c0 + tile, cols);
      for (let r = r0; r < r1; r++) {
        const rowStart = r * cols;
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[rowStart + c]!;
      }
    }
  }
  return out;
}
