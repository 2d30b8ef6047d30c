/**
 * Tests for createSession: metadata, feeds checked before ORT runs (missing, unknown, wrong dtype,
 * rank, size, inconsistent symbolic dims), execution providers, and unloadable model files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { InvalidInputError } from '../../src/core/errors.js';
import {
  GraphBuilder,
  Ops,
  availableExecutionProviders,
  createSession,
  float32Tensor,
  int64Tensor,
  tensor,
  type ExecutionProvider,
  type Session,
} from '../../src/onnx/index.js';

const dir = mkdtempSync(join(tmpdir(), 'owseg-session-'));
let modelPath = '';
let session: Session;

/** logits = embeddings[ids] @ w + mask·0 over [batch, seq]: two inputs sharing symbolic dims. */
function buildModel(): GraphBuilder {
  const g = new GraphBuilder('session');
  const o = new Ops(g);
  const ids = g.input('input_ids', 'int64', ['batch', 'seq']);
  const mask = g.input('attention_mask', 'float32', ['batch', 'seq']);
  const table = g.initializer('embeddings', 'float32', [5, 2], Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  const summed = o.add(o.reduceSum(o.gather(table, ids), [2], false), o.mul(mask, 0));
  g.output(summed, 'float32', ['batch', 'seq'], 'sums');
  g.output(o.shape(ids), 'int64', [2], 'shape');
  return g;
}

before(async () => {
  modelPath = join(dir, 'model.onnx');
  await buildModel().save(modelPath);
  session = await createSession(modelPath, { threads: 1, interOpThreads: 1, graphOptimizationLevel: 'extended' });
});

after(async () => {
  await session.release();
  rmSync(dir, { recursive: true, force: true });
});

const feeds = (batch: number, seq: number) => ({
  input_ids: int64Tensor([batch, seq], Array.from({ length: batch * seq }, (_, i) => i % 5)),
  attention_mask: float32Tensor([batch, seq], new Array(batch * seq).fill(1)),
});

function invalid(field: string, pattern: RegExp) {
  return (e: unknown) => e instanceof InvalidInputError && e.field === field && pattern.test(e.message);
}

test('a session lists its inputs and outputs with dtypes and symbolic dims', () => {
  assert.deepEqual(session.inputNames, ['input_ids', 'attention_mask']);
  assert.deepEqual(session.outputNames, ['sums', 'shape']);
  assert.deepEqual(session.inputs, [
    { name: 'input_ids', dtype: 'int64', dims: ['batch', 'seq'] },
    { name: 'attention_mask', dtype: 'float32', dims: ['batch', 'seq'] },
  ]);
  assert.deepEqual(session.outputs[1], { name: 'shape', dtype: 'int64', dims: [2] });
});

test('run returns all outputs, or only those asked for', async () => {
  const all = await session.run(feeds(2, 3));
  assert.deepEqual(Object.keys(all), ['sums', 'shape']);
  assert.deepEqual(Array.from(all.sums!.data as Float32Array), [1, 5, 9, 13, 17, 1]);
  assert.deepEqual(Array.from(all.shape!.data as BigInt64Array), [2n, 3n]);
  const some = await session.run(feeds(1, 1), ['shape']);
  assert.deepEqual(Object.keys(some), ['shape']);
  await assert.rejects(session.run(feeds(1, 1), ['logits']), invalid('outputNames: logits', /one of the model outputs \(sums, shape\)/));
});

test('a missing input is reported with its expected dtype and shape', async () => {
  const { input_ids } = feeds(1, 2);
  await assert.rejects(session.run({ input_ids }), invalid('feeds.attention_mask', /expected a float32 tensor of shape \[batch, seq\] \(missing\)/));
});

test('an unknown feed name is reported with the real input names', async () => {
  await assert.rejects(session.run({ ...feeds(1, 2), pixel_values: float32Tensor([1], [0]) }), invalid('feeds.pixel_values', /input_ids, attention_mask/));
});

test('a wrong dtype is reported before ORT runs', async () => {
  const f = feeds(1, 2);
  await assert.rejects(session.run({ ...f, input_ids: tensor('int32', [1, 2], Int32Array.of(0, 1)) }), invalid('feeds.input_ids', /an int64 tensor of shape \[batch, seq\] \(got int32 \[1, 2\]\)/));
});

test('a wrong rank, or dims that disagree across inputs, are reported by input', async () => {
  const f = feeds(1, 2);
  await assert.rejects(session.run({ ...f, attention_mask: float32Tensor([2], [1, 1]) }), invalid('feeds.attention_mask', /rank 1 instead of 2/));
  await assert.rejects(session.run({ ...f, attention_mask: float32Tensor([1, 3], [1, 1, 1]) }), invalid('feeds.attention_mask', /dim 1 \(seq\) is 3 but seq is 2 elsewhere/));
});

test('data that does not fill the dims is reported', async () => {
  const f = feeds(1, 2);
  const short = { dtype: 'float32' as const, dims: [1, 2], data: new Float32Array(1) };
  await assert.rejects(session.run({ ...f, attention_mask: short }), invalid('feeds.attention_mask', /data holds 1 elements but dims \[1, 2\] need 2/));
});

test('fixed dims are checked', async () => {
  const g = new GraphBuilder('fixed');
  const x = g.input('pixel_values', 'float32', [1, 3, 2, 2]);
  g.output(x, 'float32', [1, 3, 2, 2], 'y');
  const s = await createSession(await g.toBytes());
  try {
    await assert.rejects(s.run({ pixel_values: float32Tensor([1, 3, 2, 3], new Array(18).fill(0)) }), invalid('feeds.pixel_values', /dim 3 is 3 instead of 2/));
  } finally {
    await s.release();
  }
});

test('an error ORT raises while running is an Error naming onnxruntime', async () => {
  const g = new GraphBuilder('bad-reshape');
  const o = new Ops(g);
  const x = g.input('x', 'float32', ['n']);
  g.output(o.reshape(x, [2, -1]), 'float32', [2, 'm'], 'y');
  const s = await createSession(await g.toBytes());
  try {
    await assert.rejects(s.run({ x: float32Tensor([3], [1, 2, 3]) }), (e: unknown) => e instanceof Error && /^onnxruntime failed to run the model: /.test(e.message));
  } finally {
    await s.release();
  }
});

test('cpu is always available; cuda on a machine without its libraries is a clear InvalidInputError', async () => {
  const available = availableExecutionProviders();
  assert.ok(available.includes('cpu'));
  const bytes = await buildModel().toBytes();
  if (available.includes('cuda')) return;
  await assert.rejects(
    createSession(bytes, { executionProvider: 'cuda' }),
    invalid('executionProvider', /cuda provider libraries are not installed; reinstall onnxruntime-node with --onnxruntime-node-install=cuda12/),
  );
});

test('webgpu either runs or, without a GPU adapter, is a clear InvalidInputError', async () => {
  const bytes = await buildModel().toBytes();
  try {
    const s = await createSession(bytes, { executionProvider: 'webgpu' });
    assert.deepEqual(Array.from((await s.run(feeds(1, 2))).sums!.data as Float32Array), [1, 5]);
    await s.release();
  } catch (error) {
    assert.ok(invalid('executionProvider', /expected a working webgpu device/)(error), String(error));
  }
});

test('an unknown execution provider names the supported ones', async () => {
  await assert.rejects(
    createSession(await buildModel().toBytes(), { executionProvider: 'tpu' as ExecutionProvider }),
    invalid('executionProvider', /owseg does not know "tpu"; it supports cpu, cuda, webgpu/),
  );
});

test('bad thread counts are refused', async () => {
  await assert.rejects(createSession(modelPath, { threads: 0 }), invalid('threads', /positive integer/));
});

test('a truncated model file is reported with its path', async () => {
  const truncated = join(dir, 'truncated.onnx');
  const bytes = readFileSync(modelPath);
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(createSession(truncated), (e: unknown) => e instanceof InvalidInputError && e.field === `model ${truncated}` && /an ONNX model onnxruntime can load/.test(e.message));
});

test('a missing model file or missing external data is reported with its path', async () => {
  const missing = join(dir, 'nope.onnx');
  await assert.rejects(createSession(missing), invalid(`model ${missing}`, /no such file/));
  const external = join(dir, 'external.onnx');
  const saved = await buildModel().save(external, { externalDataThreshold: 0 });
  rmSync(saved.dataPath!);
  await assert.rejects(createSession(external), (e: unknown) => e instanceof InvalidInputError && e.message.includes(external));
});

test('bytes that are not a model are reported as model bytes', async () => {
  await assert.rejects(createSession(new Uint8Array([1, 2, 3])), invalid('model bytes', /ONNX model/));
});
