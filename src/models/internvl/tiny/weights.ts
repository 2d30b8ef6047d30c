/**
 * Seeded random weights for generated checkpoints. Each tensor's values depend only on the seed
 * and its name, so a checkpoint written in another dtype or sharding holds the same model.
 */

/** FNV-1a over the UTF-16 units of `text`: a stable 32-bit seed per tensor name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * How far values spread around their centre, by the tensor's role: norm scales near 1, layer
 * scales small and positive, matrices ~1/√fan-in so activations stay of order one through the layers.
 */
function distribution(name: string, shape: readonly number[]): { centre: number; spread: number } {
  const last = name.split('.').slice(-2).join('.');
  if (/(norm\d?|layernorm|q_norm|k_norm)\.weight$|^mlp1\.0\.weight$/.test(name)) return { centre: 1, spread: 0.2 };
  if (/\.ls[12]$/.test(name)) return { centre: 0.5, spread: 0.4 };
  if (last.endsWith('bias')) return { centre: 0, spread: 0.1 };
  if (name.endsWith('embed_tokens.weight') || name.endsWith('class_embedding') || name.endsWith('position_embedding')) {
    return { centre: 0, spread: 1 };
  }
  const fanIn = shape.slice(1).reduce((a, b) => a * b, 1);
  return { centre: 0, spread: Math.sqrt(3 / fanIn) };
}

/** The values of tensor `name`: uniform in centre ± spread, from a mulberry32 stream seeded by (seed, name). */
export function randomWeights(seed: number, name: string, shape: readonly number[]): Float32Array {
  const count = shape.reduce((a, b) => a * b, 1);
  const { centre, spread } = distribution(name, shape);
  const out = new Float32Array(count);
  let state = hash(`${seed}:${name}`);
  const scale = (2 * spread) / 4294967296;
  const low = centre - spread;
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = low + ((t ^ (t >>> 14)) >>> 0) * scale;
  }
  return out;
}
