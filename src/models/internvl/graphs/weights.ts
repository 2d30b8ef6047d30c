/**
 * Checkpoint tensors as lazy graph initializers: nothing is read while a graph is built; each
 * weight is read (and transposed when a MatMul needs [in, out]) only when the graph is saved.
 */
import type { GraphBuilder } from '../../../onnx/index.js';

/** Reads one checkpoint tensor as float32 (the converter's streaming reader). */
export type TensorReader = (name: string) => Promise<Float32Array>;

export class CheckpointWeights {
  private readonly g: GraphBuilder;
  private readonly read: TensorReader;

  constructor(g: GraphBuilder, read: TensorReader) {
    this.g = g;
    this.read = read;
  }

  /** Tensor `name` as stored, with the given dims (which may drop or add size-1 axes). */
  tensor(name: string, dims: number[], as = name): string {
    return this.g.initializer(as, 'float32', dims, () => this.read(name));
  }

  /** A PyTorch Linear weight [out, in] as the [in, out] matrix MatMul takes. */
  linear(name: string, out: number, inFeatures: number, as = name): string {
    return this.g.initializer(as, 'float32', [inFeatures, out], async () => transpose(await this.read(name), out, inFeatures));
  }

  /** A value computed at save time (e.g. resized position embeddings). */
  derived(as: string, dims: number[], compute: () => Promise<Float32Array>): string {
    return this.g.initializer(as, 'float32', dims, compute);
  }
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
