/**
 * Tests for the Ops helpers: each builds a one-op (or one-decomposition) graph, runs it through
 * ORT, and compares with values computed by hand or in plain JavaScript.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  GraphBuilder,
  Ops,
  boolTensor,
  castFloat,
  float32Tensor,
  int64Tensor,
  toFloat32,
  type DataType,
  type Dim,
  type Tensor,
} from '../../src/onnx/index.js';
import { seededRandom } from '../helpers/random.js';
import { assertClose, erf, runGraph } from './run-graph.js';

interface Evaluation {
  dtype?: DataType;
  dims: Dim[];
  opset?: number;
  floatType?: 'float32' | 'float16';
  level?: 'disabled' | 'all';
}

/** Builds a graph whose inputs are the given tensors (fixed shapes), applies `build`, and runs it. */
async function evaluate(inputs: Record<string, Tensor>, build: (o: Ops, v: Record<string, string>) => string, out: Evaluation): Promise<Tensor> {
  const g = new GraphBuilder('op', { opset: out.opset ?? 17 });
  const values: Record<string, string> = {};
  for (const [name, t] of Object.entries(inputs)) values[name] = g.input(name, t.dtype, t.dims);
  const o = new Ops(g, { floatType: out.floatType ?? 'float32' });
  g.output(build(o, values), out.dtype ?? 'float32', out.dims, 'out');
  return (await runGraph(g, inputs, { graphOptimizationLevel: out.level ?? 'all' })).out!;
}

const numbers = (t: Tensor): number[] => Array.from(toFloat32(t));
const random = seededRandom(2024);
const randoms = (n: number, scale = 2): number[] => Array.from({ length: n }, () => Math.fround((random() - 0.5) * scale));

const A = float32Tensor([2, 3], [1, -2, 3, 4, 5, -6]);
const B = float32Tensor([3], [2, 0.5, -1]);

test('erf reference matches known values', () => {
  const known: [number, number][] = [[0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [3, 0.9999779095030014], [4, 0.9999999845827421], [-1.3, -0.9340079449406524]];
  for (const [x, value] of known) assert.ok(Math.abs(erf(x) - value) < 1e-14, `erf(${x})`);
});

test('binary arithmetic broadcasts and takes plain numbers as scalars', async () => {
  const cases: [string, (o: Ops, a: string, b: string) => string, (a: number, b: number) => number][] = [
    ['add', (o, a, b) => o.add(a, b), (a, b) => a + b],
    ['sub', (o, a, b) => o.sub(a, b), (a, b) => a - b],
    ['mul', (o, a, b) => o.mul(a, b), (a, b) => a * b],
    ['div', (o, a, b) => o.div(a, b), (a, b) => a / b],
    ['max', (o, a, b) => o.max(a, b), Math.max],
    ['min', (o, a, b) => o.min(a, b), Math.min],
  ];
  for (const [name, build, reference] of cases) {
    const out = await evaluate({ a: A, b: B }, (o, v) => build(o, v.a!, v.b!), { dims: [2, 3] });
    assert.deepEqual(numbers(out), numbers(A).map((a, i) => Math.fround(reference(a, numbers(B)[i % 3]!))), name);
  }
  const pow = await evaluate({ a: A }, (o, v) => o.pow(v.a!, 2), { dims: [2, 3] });
  assert.deepEqual(numbers(pow), [1, 4, 9, 16, 25, 36]);
  const scalar = await evaluate({ a: A }, (o, v) => o.sub(10, o.mul(v.a!, 0.5)), { dims: [2, 3] });
  assert.deepEqual(numbers(scalar), [9.5, 11, 8.5, 8, 7.5, 13]);
});

test('unary functions', async () => {
  const x = float32Tensor([5], [-2, -0.5, 0, 0.75, 3]);
  const cases: [string, (o: Ops, x: string) => string, (x: number) => number][] = [
    ['sqrt', (o, v) => o.sqrt(o.mul(v, v)), Math.abs],
    ['exp', (o, v) => o.exp(v), Math.exp],
    ['neg', (o, v) => o.neg(v), (v) => -v],
    ['erf', (o, v) => o.erf(v), erf],
    ['tanh', (o, v) => o.tanh(v), Math.tanh],
    ['sigmoid', (o, v) => o.sigmoid(v), (v) => 1 / (1 + Math.exp(-v))],
    ['relu', (o, v) => o.relu(v), (v) => Math.max(v, 0)],
    ['silu', (o, v) => o.silu(v), (v) => v / (1 + Math.exp(-v))],
    ['identity', (o, v) => o.identity(v), (v) => v],
  ];
  for (const [name, build, reference] of cases) {
    const out = await evaluate({ x }, (o, v) => build(o, v.x!), { dims: [5] });
    assertClose(numbers(out), numbers(x).map(reference), 1e-6, name);
  }
});

test('gelu is the exact erf form, fused or not', async () => {
  const values = [...randoms(200, 12), -8, -3, 0, 3, 8];
  const x = float32Tensor([values.length], values);
  const expected = values.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
  for (const level of ['disabled', 'all'] as const) {
    assertClose(numbers(await evaluate({ x }, (o, v) => o.gelu(v.x!), { dims: [values.length], level })), expected, 2e-6);
  }
  const tanhApproximation = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
  assert.ok(Math.abs(tanhApproximation(-3) - expected[values.length - 4]!) > 1e-5, 'the test would notice the tanh approximation');
});

test('comparison, logic and where', async () => {
  const a = float32Tensor([4], [1, 2, 3, 4]);
  const b = float32Tensor([4], [4, 2, 1, 4]);
  const bools = (t: Tensor) => Array.from(t.data as Uint8Array);
  assert.deepEqual(bools(await evaluate({ a, b }, (o, v) => o.equal(v.a!, v.b!), { dtype: 'bool', dims: [4] })), [0, 1, 0, 1]);
  assert.deepEqual(bools(await evaluate({ a, b }, (o, v) => o.less(v.a!, v.b!), { dtype: 'bool', dims: [4] })), [1, 0, 0, 0]);
  assert.deepEqual(bools(await evaluate({ a }, (o, v) => o.greater(v.a!, 2.5), { dtype: 'bool', dims: [4] })), [0, 0, 1, 1]);
  const p = boolTensor([4], [1, 1, 0, 0]);
  const q = boolTensor([4], [1, 0, 1, 0]);
  assert.deepEqual(bools(await evaluate({ p, q }, (o, v) => o.and(v.p!, v.q!), { dtype: 'bool', dims: [4] })), [1, 0, 0, 0]);
  assert.deepEqual(bools(await evaluate({ p, q }, (o, v) => o.or(v.p!, v.q!), { dtype: 'bool', dims: [4] })), [1, 1, 1, 0]);
  assert.deepEqual(bools(await evaluate({ p }, (o, v) => o.not(v.p!), { dtype: 'bool', dims: [4] })), [0, 0, 1, 1]);
  assert.deepEqual(numbers(await evaluate({ p, a }, (o, v) => o.where(v.p!, v.a!, -1), { dims: [4] })), [1, 2, -1, -1]);
});

function matmul(a: number[], b: number[], n: number, k: number, m: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let t = 0; t < k; t++) sum += a[i * k + t]! * b[t * m + j]!;
    out.push(sum);
  }
  return out;
}

test('matMul (batched) and linear with a bias', async () => {
  const a = randoms(2 * 3 * 5);
  const w = randoms(5 * 4);
  const bias = randoms(4);
  const out = await evaluate({ a: float32Tensor([2, 3, 5], a), w: float32Tensor([5, 4], w) }, (o, v) => o.matMul(v.a!, v.w!), { dims: [2, 3, 4] });
  assertClose(numbers(out), matmul(a, w, 6, 5, 4));
  const lin = await evaluate({ a: float32Tensor([6, 5], a), w: float32Tensor([5, 4], w), b: float32Tensor([4], bias) }, (o, v) => o.linear(v.a!, v.w!, v.b!), { dims: [6, 4] });
  assertClose(numbers(lin), matmul(a, w, 6, 5, 4).map((x, i) => x + bias[i % 4]!));
});

const X = float32Tensor([2, 3, 4], Array.from({ length: 24 }, (_, i) => i));
const at = (i: number, j: number, k: number) => i * 12 + j * 4 + k;

test('reshape with 0 and -1, and with a shape computed in the graph', async () => {
  const r = await evaluate({ x: X }, (o, v) => o.reshape(v.x!, [0, -1]), { dims: [2, 12] });
  assert.deepEqual(r.dims, [2, 12]);
  assert.deepEqual(numbers(r), numbers(X));
  const y = float32Tensor([4, 6], new Array(24).fill(0));
  const dynamic = await evaluate({ x: X, y }, (o, v) => o.reshape(v.x!, o.shape(v.y!)), { dims: [4, 6] });
  assert.deepEqual(dynamic.dims, [4, 6]);
});

test('transpose, concat and split', async () => {
  const t = await evaluate({ x: X }, (o, v) => o.transpose(v.x!, [2, 0, 1]), { dims: [4, 2, 3] });
  const expected: number[] = [];
  for (let k = 0; k < 4; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expected.push(at(i, j, k));
  assert.deepEqual(numbers(t), expected);
  const c = await evaluate({ a: A, b: float32Tensor([2, 1], [7, 8]) }, (o, v) => o.concat([v.a!, v.b!], 1), { dims: [2, 4] });
  assert.deepEqual(numbers(c), [1, -2, 3, 7, 4, 5, -6, 8]);
  const pieces = [0, 1].map((i) => evaluate({ x: X }, (o, v) => o.split(v.x!, [1, 2], 1)[i]!, { dims: [2, i === 0 ? 1 : 2, 4] }));
  const [first, rest] = await Promise.all(pieces);
  assert.deepEqual(numbers(first!), [0, 1, 2, 3, 12, 13, 14, 15]);
  assert.deepEqual(numbers(rest!), [4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23]);
});

test('slice: to the end with Infinity, negative bounds, steps and explicit axes', async () => {
  const tail = await evaluate({ x: X }, (o, v) => o.slice(v.x!, [1], [Infinity], [2]), { dims: [2, 3, 3] });
  assert.deepEqual(numbers(tail), numbers(X).filter((_, i) => i % 4 !== 0));
  const last = await evaluate({ x: X }, (o, v) => o.slice(v.x!, [-1], [Infinity], [1]), { dims: [2, 1, 4] });
  assert.deepEqual(numbers(last), [8, 9, 10, 11, 20, 21, 22, 23]);
  const reversed = await evaluate({ x: X }, (o, v) => o.slice(v.x!, [-1], [-Infinity], [2], [-2]), { dims: [2, 3, 2] });
  assert.deepEqual(numbers(reversed).slice(0, 4), [3, 1, 7, 5]);
  const leading = await evaluate({ x: X }, (o, v) => o.slice(v.x!, [1, 0], [2, 2]), { dims: [1, 2, 4] });
  assert.deepEqual(numbers(leading), [12, 13, 14, 15, 16, 17, 18, 19]);
});

test('gather: a number index drops the axis, a list keeps it, any axis', async () => {
  const row = await evaluate({ x: X }, (o, v) => o.gather(v.x!, 1, 1), { dims: [2, 4] });
  assert.deepEqual(numbers(row), [4, 5, 6, 7, 16, 17, 18, 19]);
  const rows = await evaluate({ x: X }, (o, v) => o.gather(v.x!, [2, 0], 1), { dims: [2, 2, 4] });
  assert.deepEqual(numbers(rows).slice(0, 8), [8, 9, 10, 11, 0, 1, 2, 3]);
  const embedding = await evaluate({ x: X, ids: int64Tensor([3], [1, 0, 1]) }, (o, v) => o.gather(v.x!, v.ids!), { dims: [3, 3, 4] });
  assert.deepEqual(numbers(embedding).slice(0, 2), [12, 13]);
});

test('unsqueeze, squeeze, flatten and expand', async () => {
  assert.deepEqual((await evaluate({ a: A }, (o, v) => o.unsqueeze(v.a!, [0, 2]), { dims: [1, 2, 1, 3] })).dims, [1, 2, 1, 3]);
  const one = float32Tensor([1, 3, 1], [1, 2, 3]);
  assert.deepEqual((await evaluate({ x: one }, (o, v) => o.squeeze(v.x!, [2]), { dims: [1, 3] })).dims, [1, 3]);
  assert.deepEqual((await evaluate({ x: one }, (o, v) => o.squeeze(v.x!), { dims: [3] })).dims, [3]);
  assert.deepEqual((await evaluate({ x: X }, (o, v) => o.flatten(v.x!, 2), { dims: [6, 4] })).dims, [6, 4]);
  const e = await evaluate({ b: B }, (o, v) => o.expand(v.b!, [2, 3]), { dims: [2, 3] });
  assert.deepEqual(numbers(e), [2, 0.5, -1, 2, 0.5, -1]);
});

test('shape (whole or a range), constantOfShape, range and cast', async () => {
  const whole = await evaluate({ x: X }, (o, v) => o.shape(v.x!), { dtype: 'int64', dims: [3] });
  assert.deepEqual(Array.from(whole.data as BigInt64Array), [2n, 3n, 4n]);
  const middle = await evaluate({ x: X }, (o, v) => o.shape(v.x!, 1, 2), { dtype: 'int64', dims: [1] });
  assert.deepEqual(Array.from(middle.data as BigInt64Array), [3n]);
  const filled = await evaluate({ x: X }, (o, v) => o.constantOfShape(o.shape(v.x!, 0, 2), 7, 'int64'), { dtype: 'int64', dims: [2, 3] });
  assert.deepEqual(Array.from(filled.data as BigInt64Array), [7n, 7n, 7n, 7n, 7n, 7n]);
  const halves = await evaluate({}, (o) => o.constantOfShape([2], 0.1), { dims: [2] });
  assert.deepEqual(numbers(halves), [Math.fround(0.1), Math.fround(0.1)]);
  const r = await evaluate({}, (o) => o.range(o.int(2), o.int(9), o.int(3)), { dtype: 'int64', dims: [3] });
  assert.deepEqual(Array.from(r.data as BigInt64Array), [2n, 5n, 8n]);
  const truncated = await evaluate({ x: float32Tensor([4], [-1.7, -0.2, 0.9, 2.5]) }, (o, v) => o.cast(v.x!, 'int64'), { dtype: 'int64', dims: [4] });
  assert.deepEqual(Array.from(truncated.data as BigInt64Array), [-1n, 0n, 0n, 2n]);
  const half = await evaluate({ x: float32Tensor([2], [1, 1 / 3]) }, (o, v) => o.cast(v.x!, 'float16'), { dtype: 'float16', dims: [2] });
  assert.deepEqual(Array.from(half.data as Uint16Array), [0x3c00, 0x3555]);
  const flags = await evaluate({ x: float32Tensor([3], [0, -2, 0.5]) }, (o, v) => o.cast(v.x!, 'bool'), { dtype: 'bool', dims: [3] });
  assert.deepEqual(Array.from(flags.data as Uint8Array), [0, 1, 1]);
});

test('trilu keeps a triangle (a causal mask)', async () => {
  const ones = float32Tensor([3, 3], new Array(9).fill(1));
  assert.deepEqual(numbers(await evaluate({ x: ones }, (o, v) => o.trilu(v.x!, false), { dims: [3, 3] })), [1, 0, 0, 1, 1, 0, 1, 1, 1]);
  assert.deepEqual(numbers(await evaluate({ x: ones }, (o, v) => o.trilu(v.x!, true, 1), { dims: [3, 3] })), [0, 1, 1, 0, 0, 1, 0, 0, 0]);
});

test('reductions keep or drop dims, with axes as attribute (opset 17) or input (opset 18)', async () => {
  for (const opset of [17, 18]) {
    const mean = await evaluate({ x: X }, (o, v) => o.reduceMean(v.x!, [-1]), { dims: [2, 3, 1], opset });
    assert.deepEqual(numbers(mean), [1.5, 5.5, 9.5, 13.5, 17.5, 21.5]);
    const max = await evaluate({ x: X }, (o, v) => o.reduceMax(v.x!, [0, 2], false), { dims: [3], opset });
    assert.deepEqual(numbers(max), [15, 19, 23]);
    const sum = await evaluate({ x: X }, (o, v) => o.reduceSum(v.x!, [1], false), { dims: [2, 4], opset });
    assert.deepEqual(numbers(sum), [12, 15, 18, 21, 48, 51, 54, 57]);
  }
  const arg = await evaluate({ a: A }, (o, v) => o.argMax(v.a!, 1, false), { dtype: 'int64', dims: [2] });
  assert.deepEqual(Array.from(arg.data as BigInt64Array), [2n, 1n]);
});

test('softmax over the last axis', async () => {
  const out = await evaluate({ a: A }, (o, v) => o.softmax(v.a!), { dims: [2, 3] });
  const expected = [0, 1].flatMap((r) => {
    const row = numbers(A).slice(r * 3, r * 3 + 3);
    const exps = row.map((x) => Math.exp(x - Math.max(...row)));
    return exps.map((e) => e / exps.reduce((s, x) => s + x, 0));
  });
  assertClose(numbers(out), expected, 1e-6);
});

function normRows(x: number[], width: number, normalise: (row: number[]) => number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r < x.length / width; r++) out.push(...normalise(x.slice(r * width, (r + 1) * width)));
  return out;
}

test('layerNorm with and without bias, over the last axis or the last two', async () => {
  const x = randoms(2 * 3 * 8, 6);
  const scale = randoms(8);
  const bias = randoms(8);
  const layer = (row: number[], eps: number) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v) => (v - mean) / Math.sqrt(variance + eps));
  };
  const inputs = { x: float32Tensor([2, 3, 8], x), s: float32Tensor([8], scale), b: float32Tensor([8], bias) };
  const withBias = await evaluate(inputs, (o, v) => o.layerNorm(v.x!, v.s!, v.b!, { epsilon: 1e-6 }), { dims: [2, 3, 8] });
  assertClose(numbers(withBias), normRows(x, 8, (row) => layer(row, 1e-6).map((v, i) => v * scale[i]! + bias[i]!)));
  const noBias = await evaluate(inputs, (o, v) => o.layerNorm(v.x!, v.s!), { dims: [2, 3, 8] });
  assertClose(numbers(noBias), normRows(x, 8, (row) => layer(row, 1e-5).map((v, i) => v * scale[i]!)));
  const wide = await evaluate({ x: inputs.x, s: float32Tensor([3, 8], new Array(24).fill(1)) }, (o, v) => o.layerNorm(v.x!, v.s!, undefined, { axis: -2 }), { dims: [2, 3, 8] });
  assertClose(numbers(wide), normRows(x, 24, (row) => layer(row, 1e-5)));
  assert.throws(() => new Ops(new GraphBuilder('old', { opset: 16 })).layerNorm('x', 's'), /opset 17/);
});

test('rmsNorm: decomposed and fused forms agree with the formula and each other', async () => {
  const x = randoms(4 * 16, 8);
  const scale = randoms(16);
  const rms = (row: number[], eps: number) => {
    const meanSquare = row.reduce((s, v) => s + v * v, 0) / row.length;
    return row.map((v, i) => (v / Math.sqrt(meanSquare + eps)) * scale[i]!);
  };
  const expected = normRows(x, 16, (row) => rms(row, 1e-6));
  const inputs = { x: float32Tensor([1, 4, 16], x), s: float32Tensor([16], scale) };
  const results: number[][] = [];
  for (const form of ['decomposed', 'fused'] as const) {
    for (const level of ['disabled', 'all'] as const) {
      const out = numbers(await evaluate(inputs, (o, v) => o.rmsNorm(v.x!, v.s!, { form }), { dims: [1, 4, 16], level }));
      assertClose(out, expected, 1e-5);
      results.push(out);
    }
  }
  assertClose(results[0]!, results[2]!, 1e-6);
  const wide = await evaluate({ x: inputs.x, s: float32Tensor([4, 16], new Array(64).fill(1)) }, (o, v) => o.rmsNorm(v.x!, v.s!, { axis: -2, epsilon: 1e-3 }), { dims: [1, 4, 16] });
  const meanSquare = x.reduce((s, v) => s + v * v, 0) / x.length;
  assertClose(numbers(wide), x.map((v) => v / Math.sqrt(meanSquare + 1e-3)), 1e-5);
});

test('float16 graphs: rmsNorm computes its statistics in float32, constants are float16', async () => {
  const values = randoms(2 * 8, 500);
  const x = castFloat(float32Tensor([2, 8], values), 'float16');
  const s = castFloat(float32Tensor([8], new Array(8).fill(1)), 'float16');
  const out = await evaluate({ x, s }, (o, v) => o.rmsNorm(v.x!, v.s!), { dtype: 'float16', dims: [2, 8], floatType: 'float16' });
  assert.equal(out.dtype, 'float16');
  const xs = numbers(x);
  assertClose(numbers(out), normRows(xs, 8, (row) => {
    const ms = row.reduce((a, v) => a + v * v, 0) / row.length;
    return row.map((v) => v / Math.sqrt(ms + 1e-6));
  }), 2e-3);
  const gelu = await evaluate({ x }, (o, v) => o.gelu(v.x!), { dtype: 'float16', dims: [2, 8], floatType: 'float16' });
  assertClose(numbers(gelu), xs.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), 2e-3);
});

/** Direct 2-D convolution, NCHW, weight [out, in/group, kh, kw]. */
function conv2d(x: number[], [n, c, h, w]: number[], weight: number[], [m, cg, kh, kw]: number[], bias: number[], stride: number, pad: number, group: number): number[] {
  const oh = Math.floor((h! + 2 * pad - kh!) / stride) + 1;
  const ow = Math.floor((w! + 2 * pad - kw!) / stride) + 1;
  const out: number[] = [];
  for (let b = 0; b < n!; b++) for (let o = 0; o < m!; o++) for (let y = 0; y < oh; y++) for (let xo = 0; xo < ow; xo++) {
    const g = Math.floor(o / (m! / group));
    let sum = bias[o]!;
    for (let ci = 0; ci < cg!; ci++) for (let ky = 0; ky < kh!; ky++) for (let kx = 0; kx < kw!; kx++) {
      const iy = y * stride - pad + ky;
      const ix = xo * stride - pad + kx;
      if (iy < 0 || ix < 0 || iy >= h! || ix >= w!) continue;
      sum += x[((b * c! + g * cg! + ci) * h! + iy) * w! + ix]! * weight[((o * cg! + ci) * kh! + ky) * kw! + kx]!;
    }
    out.push(sum);
  }
  return out;
}

test('conv: stride, padding, groups and bias (a ViT patch embedding is the stride = kernel case)', async () => {
  const x = randoms(1 * 4 * 7 * 7);
  const w = randoms(6 * 2 * 3 * 3);
  const b = randoms(6);
  const inputs = { x: float32Tensor([1, 4, 7, 7], x), w: float32Tensor([6, 2, 3, 3], w), b: float32Tensor([6], b) };
  const out = await evaluate(inputs, (o, v) => o.conv(v.x!, v.w!, v.b!, { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 }), { dims: [1, 6, 4, 4] });
  assertClose(numbers(out), conv2d(x, [1, 4, 7, 7], w, [6, 2, 3, 3], b, 2, 1, 2));
  const patchW = randoms(3 * 4 * 7 * 7);
  const patches = await evaluate({ x: inputs.x, w: float32Tensor([3, 4, 7, 7], patchW) }, (o, v) => o.conv(v.x!, v.w!, undefined, { strides: [7, 7] }), { dims: [1, 3, 1, 1] });
  assertClose(numbers(patches), conv2d(x, [1, 4, 7, 7], patchW, [3, 4, 7, 7], [0, 0, 0], 7, 0, 1));
});
