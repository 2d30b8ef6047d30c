/**
 * Seeded pseudo-random numbers for everything owseg generates itself (tiny model packs, test and
 * benchmark data): the same seed always gives the same numbers, on every machine.
 */

/** mulberry32, a small well-known 32-bit PRNG: uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
