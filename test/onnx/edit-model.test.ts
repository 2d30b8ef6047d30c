/**
 * editModel on graphs built here: dropped outputs take their private nodes with them, shared nodes
 * stay, fixed dims become symbolic, the edited model still runs, and unsafe models are left alone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeModel } from '../../src/onnx/builder/proto.js';
import { createSession, editModel, float32Tensor, GraphBuilder, toFloat32 } from '../../src/onnx/index.js';

/** x [1, 3] → shared = x · 2 → kept = shared + 1; dropped = exp(shared) · 3 (two nodes only it needs). */
function twoOutputs(): GraphBuilder {
  const g = new GraphBuilder('two');
  const x = g.input('x', 'float32', [1, 3]);
  const [shared] = g.node('Mul', [x, g.constant([2], 'float32', [1])]);
  const [kept] = g.node('Add', [shared!, g.constant([1], 'float32', [1])]);
  const [exp] = g.node('Exp', [shared!]);
  const [dropped] = g.node('Mul', [exp!, g.constant([3], 'float32', [1])]);
  g.output(kept!, 'float32', [1, 3], 'kept');
  g.output(dropped!, 'float32', [1, 3], 'dropped');
  return g;
}

test('a dropped output takes the nodes only it needs; the rest is unchanged and runs', async () => {
  const original = await twoOutputs().toBytes();
  const edited = editModel(original, { outputs: ['kept'] })!;
  const before = decodeModel(original);
  const after = decodeModel(edited);
  assert.deepEqual(
    after.graph.output.map((o) => o.name),
    ['kept'],
  );
  const ops = (model: typeof before): string[] => model.graph.node.map((n) => n.op_type).filter((op) => op !== 'Constant');
  assert.deepEqual(ops(before), ['Mul', 'Add', 'Exp', 'Mul', 'Identity', 'Identity']);
  assert.deepEqual(ops(after), ['Mul', 'Add', 'Identity']);
  assert.deepEqual(after.opset_import, before.opset_import);
  const session = await createSession(edited);
  const out = await session.run({ x: float32Tensor([1, 3], [1, 2, 3]) });
  assert.deepEqual(Array.from(toFloat32(out.kept!)), [3, 5, 7]);
  await session.release();
});

test('fixed input dimensions become symbolic, and the model then runs at other sizes', async () => {
  const edited = editModel(await twoOutputs().toBytes(), { outputs: ['kept', 'dropped'], symbolicDims: { x: { 0: 'batch' } } })!;
  assert.deepEqual(decodeModel(edited).graph.input[0]!.type.tensor_type.shape.dim, [{ dim_param: 'batch' }, { dim_value: 3 }]);
  const session = await createSession(edited);
  const out = await session.run({ x: float32Tensor([2, 3], [0, 0, 0, 1, 1, 1]) }, ['kept']);
  assert.deepEqual(Array.from(toFloat32(out.kept!)), [1, 1, 1, 3, 3, 3]);
  await session.release();
});

test('unknown names are errors; weights in external files leave the model as it is', async () => {
  const bytes = await twoOutputs().toBytes();
  assert.throws(() => editModel(bytes, { outputs: ['nope'] }), /no graph output nope/);
  assert.throws(() => editModel(bytes, { outputs: ['kept'], symbolicDims: { y: { 0: 'b' } } }), /no graph input y/);
  const dir = await mkdtemp(join(tmpdir(), 'owseg-edit-'));
  try {
    const g = new GraphBuilder('external');
    const x = g.input('x', 'float32', [4]);
    const [y] = g.node('Mul', [x, g.initializer('w', 'float32', [4], Float32Array.of(1, 2, 3, 4))]);
    g.output(y!, 'float32', [4], 'y');
    await g.save(join(dir, 'm.onnx'), { externalDataThreshold: 0 });
    assert.equal(editModel(await readFile(join(dir, 'm.onnx')), { outputs: ['y'] }), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
