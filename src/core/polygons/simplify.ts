/**
 * Douglas–Peucker simplification of closed rings, used by maskToPolygons when a tolerance is
 * given; iterative so long boundaries cannot overflow the call stack.
 */

/**
 * The ring with every vertex removed that lies within `tolerance` pixels of the simplified
 * outline, or null when fewer than 3 vertices would remain. The ring is split at its first vertex
 * and the vertex farthest from it, and each half is simplified as an open chain; both split
 * vertices are kept.
 */
export function simplifyRing(ring: readonly number[], tolerance: number): number[] | null {
  const n = ring.length / 2;
  let far = 0;
  let farDistance = -1;
  for (let i = 1; i < n; i++) {
    const distance = Math.hypot(ring[2 * i]! - ring[0]!, ring[2 * i + 1]! - ring[1]!);
    if (distance > farDistance) {
      far = i;
      farDistance = distance;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  // Chains as [first, last] vertex indices; the second half ends back at vertex 0, written as n.
  const stack: number[] = [0, far, far, n];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const distance = segmentDistance(ring, i, first, last % n);
      if (distance > worstDistance) {
        worst = i;
        worstDistance = distance;
      }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push(first, worst, worst, last);
  }
  const simplified: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) simplified.push(ring[2 * i]!, ring[2 * i + 1]!);
  return simplified.length >= 6 ? simplified : null;
}

/** Distance from vertex p to the segment between vertices a and b. */
function segmentDistance(ring: readonly number[], p: number, a: number, b: number): number {
  const px = ring[2 * p]!;
  const py = ring[2 * p + 1]!;
  const ax = ring[2 * a]!;
  const ay = ring[2 * a + 1]!;
  const dx = ring[2 * b]! - ax;
  const dy = ring[2 * b + 1]! - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
