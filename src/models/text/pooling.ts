/**
 * sentence-transformers' Pooling (mean over the attention mask) and Normalize modules, applied
 * to a [batch, sequence, hidden] last_hidden_state.
 */

/**
 * Row b of the result: Σ_t mask[b,t]·h[b,t] / max(Σ_t mask[b,t], 1e-9), then divided by
 * max(‖·‖₂, 1e-12) — the clamps of Pooling and of torch.nn.functional.normalize.
 */
export function meanPoolNormalized(hidden: Float32Array, mask: readonly number[][], dims: readonly [number, number, number]): Float32Array[] {
  const [batch, length, width] = dims;
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float64Array(width);
    let count = 0;
    for (let t = 0; t < length; t++) {
      const m = mask[b]![t] ?? 0;
      if (m === 0) continue;
      count += m;
      const row = (b * length + t) * width;
      for (let d = 0; d < width; d++) sum[d]! += m * hidden[row + d]!;
    }
    const denominator = Math.max(count, 1e-9);
    let norm = 0;
    for (let d = 0; d < width; d++) {
      sum[d]! /= denominator;
      norm += sum[d]! * sum[d]!;
    }
    norm = Math.max(Math.sqrt(norm), 1e-12);
    out.push(Float32Array.from(sum, (v) => v / norm));
  }
  return out;
}
