/**
 * Test helpers: run a GraphBuilder graph through ORT in memory, and a high-accuracy erf for
 * reference values (JavaScript has no Math.erf).
 */
import { createSession, type GraphBuilder, type SessionOptions, type Tensor } from '../../src/onnx/index.js';

export async function runGraph(g: GraphBuilder, feeds: Record<string, Tensor>, options: SessionOptions = {}): Promise<Record<string, Tensor>> {
  const session = await createSession(await g.toBytes(), options);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

/** erf from its all-positive series 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)): no cancellation, ~1e-15 accurate. */
export function erf(x: number): number {
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

/** Asserts element-wise closeness with an absolute-plus-relative tolerance, reporting the first miss. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5, label = ''): void {
  const where = label ? `${label}: ` : '';
  if (actual.length !== expected.length) throw new Error(`${where}length ${actual.length} instead of ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tolerance * (1 + Math.abs(e)))) throw new Error(`${where}element ${i}: ${a} instead of ${e} (tolerance ${tolerance})`);
  }
}
