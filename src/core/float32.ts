/**
 * Float32Array helpers shared across layers: joining the rows of several token blocks or point
 * lists into the one flat array a tensor takes.
 */

/** The parts laid end to end in one new array. */
export function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
