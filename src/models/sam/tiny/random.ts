/**
 * Seeded weights for the tiny SAM packs: the same seed always writes the same pack, so tests and
 * benchmarks see fixed models that nobody tuned.
 */
export { seededRandom } from '../../../core/random.js';

/** `count` values uniform in [−scale, scale). */
export function uniform(random: () => number, count: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}
