/**
 * Tests for saving: embedded versus external weights (tiny threshold so nothing big is written),
 * the .data layout and alignment, lazy sources read once and one at a time, and failed saves.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { InvalidInputError } from '../../src/core/errors.js';
import { LARGE_TENSOR_ALIGNMENT, SMALL_TENSOR_ALIGNMENT } from '../../src/onnx/builder/external-data.js';
import { decodeModel } from '../../src/onnx/builder/proto.js';
import { GraphBuilder, Ops, createSession, float16ArrayToFloat32, float32ArrayToFloat16, float32Tensor, int64Tensor, type Tensor } from '../../src/onnx/index.js';
import { seededRandom } from '../helpers/random.js';

const dir = mkdtempSync(join(tmpdir(), 'owseg-onnx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const random = seededRandom(7);
const randoms = (n: number): Float32Array => Float32Array.from({ length: n }, () => random() - 0.5);

// Weights: a 20000×4 float32 (320 000 B, large), a float16 vector (small), and a float32 bias (small).
const WEIGHT = randoms(20000 * 4);
const SCALE = float32ArrayToFloat16(randoms(4));
const BIAS = randoms(4);

/** A small graph touching all three weights: y = W[ids] · scale + bias. */
function buildModel(sources: { weight?: () => Float32Array | Promise<Float32Array>; scale?: () => Uint16Array | Promise<Uint16Array> } = {}): GraphBuilder {
  const g = new GraphBuilder('external');
  const o = new Ops(g);
  const ids = g.input('ids', 'int64', ['n']);
  const w = g.initializer('weight', 'float32', [20000, 4], sources.weight ?? WEIGHT);
  const s = g.initializer('scale', 'float16', [4], sources.scale ?? SCALE);
  const b = g.initializer('bias', 'float32', [4], BIAS);
  g.output(o.add(o.mul(o.gather(w, ids), o.cast(s, 'float32')), b), 'float32', ['n', 4], 'y');
  return g;
}

async function run(path: string): Promise<Tensor> {
  const session = await createSession(path);
  try {
    return (await session.run({ ids: int64Tensor([3], [0, 19999, 1234]) })).y!;
  } finally {
    await session.release();
  }
}

test('below the threshold the weights are embedded; above it they go to <model>.onnx.data and give the same outputs', async () => {
  const embeddedPath = join(dir, 'embedded.onnx');
  const embedded = await buildModel().save(embeddedPath);
  assert.equal(embedded.dataPath, undefined);
  assert.equal(embedded.bytes, statSync(embeddedPath).size);
  assert.ok(embedded.bytes > 80000);

  const externalPath = join(dir, 'external.onnx');
  const external = await buildModel().save(externalPath, { externalDataThreshold: 1000 });
  assert.equal(external.dataPath, `${externalPath}.data`);
  assert.ok(statSync(externalPath).size < 2000, 'the graph file holds no weights');

  const a = await run(embeddedPath);
  assert.deepEqual(await run(externalPath), a);
  const scale = float16ArrayToFloat32(SCALE);
  const expected = [0, 19999, 1234].flatMap((row) => [0, 1, 2, 3].map((c) => Math.fround(Math.fround(WEIGHT[row * 4 + c]! * scale[c]!) + BIAS[c]!)));
  assert.deepEqual(Array.from(a.data as Float32Array), expected);
});

test('the .data file has the planned layout: aligned offsets, exact lengths, nothing else', async () => {
  const path = join(dir, 'layout.onnx');
  const saved = await buildModel().save(path, { externalDataThreshold: 0 });
  // weight at 0 (320 000 B); scale (8 B) at the next 64-byte boundary; bias (16 B) after it.
  const weightEnd = 320000;
  const scaleOffset = Math.ceil(weightEnd / SMALL_TENSOR_ALIGNMENT) * SMALL_TENSOR_ALIGNMENT;
  const biasOffset = Math.ceil((scaleOffset + 8) / SMALL_TENSOR_ALIGNMENT) * SMALL_TENSOR_ALIGNMENT;
  const size = biasOffset + 16;
  assert.equal(statSync(saved.dataPath!).size, size);
  assert.equal(scaleOffset, 320000, '320 000 is already a multiple of 64');
  assert.equal(saved.bytes, statSync(path).size + size);

  const model = decodeModel(readFileSync(path));
  const placements = model.graph.initializer.map((t) => {
    assert.equal(t.data_location, 1);
    assert.equal(t.raw_data, undefined);
    return [t.name, Object.fromEntries(t.external_data!.map((e) => [e.key, e.value]))];
  });
  assert.deepEqual(placements, [
    ['weight', { location: 'layout.onnx.data', offset: '0', length: '320000' }],
    ['scale', { location: 'layout.onnx.data', offset: String(scaleOffset), length: '8' }],
    ['bias', { location: 'layout.onnx.data', offset: String(biasOffset), length: '16' }],
  ]);
  const data = readFileSync(saved.dataPath!);
  assert.deepEqual(new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + weightEnd)), WEIGHT);
  assert.deepEqual(new Uint16Array(data.buffer.slice(data.byteOffset + scaleOffset, data.byteOffset + scaleOffset + 8)), SCALE);
});

test('a large tensor after a small one starts on a 64 KiB boundary', async () => {
  const g = new GraphBuilder('aligned');
  const small = g.initializer('small', 'float32', [3], Float32Array.of(1, 2, 3));
  const big = g.initializer('big', 'float32', [LARGE_TENSOR_ALIGNMENT / 4], new Float32Array(LARGE_TENSOR_ALIGNMENT / 4).fill(2));
  const x = g.input('x', 'float32', [1]);
  const [sum] = g.node('ReduceSum', [big], { keepdims: 0 });
  const [y] = g.node('Add', [g.node('Add', [small, x])[0]!, sum!]);
  g.output(y!, 'float32', [3], 'y');
  const path = join(dir, 'aligned.onnx');
  const saved = await g.save(path, { externalDataThreshold: 0 });
  const offsets = decodeModel(readFileSync(path)).graph.initializer.map((t) => t.external_data!.find((e) => e.key === 'offset')!.value);
  assert.deepEqual(offsets, ['0', String(LARGE_TENSOR_ALIGNMENT)]);
  assert.equal(statSync(saved.dataPath!).size, 2 * LARGE_TENSOR_ALIGNMENT);
  const session = await createSession(path);
  const { y: out } = await session.run({ x: float32Tensor([1], [10]) });
  await session.release();
  assert.deepEqual(Array.from(out!.data as Float32Array), [32779, 32780, 32781]);
});

test('lazy sources are called exactly once per save, one at a time, after the previous tensor is on disk', async () => {
  const path = join(dir, 'lazy.onnx');
  const calls: string[] = [];
  let reading = false;
  const tracked = <T>(name: string, data: T, writtenBefore: number) => async (): Promise<T> => {
    calls.push(name);
    assert.ok(!reading, `${name} was requested while another source was still being read`);
    if (writtenBefore > 0) assert.equal(statSync(`${path}.data.partial`).size, writtenBefore, `${name}: earlier tensors not yet written`);
    reading = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    reading = false;
    return data;
  };
  const external = buildModel({ weight: tracked('weight', WEIGHT, 0), scale: tracked('scale', SCALE, 320000) });
  await external.save(path, { externalDataThreshold: 0 });
  assert.deepEqual(calls, ['weight', 'scale']);

  calls.length = 0;
  const embeddedPath = join(dir, 'lazy-embedded.onnx');
  const embedded = buildModel({
    weight: () => {
      calls.push('weight (sync)');
      return WEIGHT;
    },
    scale: () => {
      calls.push('scale (sync)');
      return SCALE;
    },
  });
  await embedded.save(embeddedPath);
  assert.deepEqual(calls, ['weight (sync)', 'scale (sync)']);
  assert.deepEqual(await run(path), await run(embeddedPath));
});

test('a failing or wrong lazy source aborts the save and leaves no files behind', async () => {
  const sub = mkdtempSync(join(dir, 'fail-'));
  const failing = buildModel({
    scale: () => {
      throw new Error('checkpoint shard missing');
    },
  });
  await assert.rejects(failing.save(join(sub, 'm.onnx'), { externalDataThreshold: 0 }), /checkpoint shard missing/);
  const short = buildModel({ weight: () => new Float32Array(10) });
  await assert.rejects(short.save(join(sub, 'm.onnx'), { externalDataThreshold: 0 }), (e: unknown) => e instanceof InvalidInputError && e.field === 'initializer weight');
  await assert.rejects(short.save(join(sub, 'm.onnx')), /initializer weight/);
  assert.deepEqual(readdirSync(sub), []);
  assert.ok(!existsSync(join(sub, 'm.onnx.data')));
});
