/**
 * Farthest-point sampling over pixels, shared by positive and background points. Distances are
 * squared and between pixel indices, so they are exact integers and ties are real ties.
 */

/**
 * Appends to `chosen` (pixel indices) until it holds min(count, candidates.length) pixels, each
 * time taking the candidate whose squared distance to everything chosen so far is largest; ties
 * go to the earliest candidate, which is the first in raster order when `candidates` is. On entry,
 * `nearest[c]` is candidate c's squared distance to what is already chosen (or excluded).
 */
export function extendFarthest(width: number, candidates: readonly number[], nearest: Float64Array, chosen: number[], count: number): void {
  const target = Math.min(count, candidates.length);
  while (chosen.length < target) {
    let best = 0;
    for (let c = 1; c < candidates.length; c++) if (nearest[c]! > nearest[best]!) best = c;
    const pick = candidates[best]!;
    chosen.push(pick);
    for (let c = 0; c < candidates.length; c++) {
      const d = squaredDistance(candidates[c]!, pick, width);
      if (d < nearest[c]!) nearest[c] = d;
    }
  }
}

export function squaredDistance(a: number, b: number, width: number): number {
  const dx = (a % width) - (b % width);
  const dy = Math.floor(a / width) - Math.floor(b / width);
  return dx * dx + dy * dy;
}
