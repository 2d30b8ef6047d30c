/**
 * The one model interface eval depends on: sentences in, fixed-size vectors out. Metrics that compare
 * names by meaning (semantic similarity, open-vocabulary mapping) take any TextEmbedder.
 */

export interface TextEmbedder {
  /** Length of every returned vector. */
  readonly dimension: number;
  /** One vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/**
 * Cosine similarity as sentence-transformers' util.cos_sim computes it: each vector divided by
 * max(‖v‖, 1e-12) first (torch.nn.functional.normalize), so a zero vector scores 0 rather than NaN.
 */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`cosineSimilarity: vectors of length ${a.length} and ${b.length}`);
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return dot / (Math.max(Math.sqrt(aa), 1e-12) * Math.max(Math.sqrt(bb), 1e-12));
}
