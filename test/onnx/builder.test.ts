/**
 * Tests for GraphBuilder: the serialised ModelProto (opsets, IR version, shapes, names), naming
 * rules, error reporting, symbolic dims at run time, and contrib-domain nodes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../src/core/errors.js';
import { decodeModel } from '../../src/onnx/builder/proto.js';
import { GraphBuilder, Ops, attr, createSession, float32Tensor } from '../../src/onnx/index.js';
import { assertClose, runGraph } from './run-graph.js';

/** Opset imports as [domain, version]; an absent domain is the default ''. */
function opsets(imports: { domain?: string; version: number }[]): [string, number][] {
  return imports.map((i) => [i.domain ?? '', i.version]);
}

function scaleGraph(): GraphBuilder {
  const g = new GraphBuilder('scale');
  const x = g.input('x', 'float32', ['batch', 'seq', 4]);
  const w = g.initializer('w', 'float32', [4], Float32Array.of(1, 2, 3, 4));
  const [y] = g.node('Mul', [x, w]);
  g.output(y!, 'float32', ['batch', 'seq', 4], 'y');
  return g;
}

test('the model declares IR 8, opset 17, owseg as producer, and the shapes as given', async () => {
  const model = decodeModel(await scaleGraph().toBytes());
  assert.equal(model.ir_version, 8);
  assert.deepEqual(opsets(model.opset_import), [['', 17]]);
  assert.equal(model.producer_name, 'owseg');
  const input = model.graph.input[0]!;
  assert.equal(input.name, 'x');
  assert.equal(input.type.tensor_type.elem_type, 1);
  assert.deepEqual(input.type.tensor_type.shape.dim, [{ dim_param: 'batch' }, { dim_param: 'seq' }, { dim_value: 4 }]);
  assert.deepEqual(model.graph.initializer[0]!.dims, [4]);
  assert.deepEqual(Array.from(new Float32Array(new Uint8Array(model.graph.initializer[0]!.raw_data!).buffer)), [1, 2, 3, 4]);
  assert.deepEqual(
    model.graph.node.map((n) => [n.op_type, n.input, n.output]),
    [
      ['Mul', ['x', 'w'], ['Mul']],
      ['Identity', ['Mul'], ['y']],
    ],
  );
});

test('later opsets get the IR version that introduced them', async () => {
  for (const [opset, ir] of [[18, 8], [19, 9], [21, 10], [23, 11]] as const) {
    const g = new GraphBuilder('g', { opset });
    g.output(g.input('x', 'float32', [1]), 'float32', [1]);
    assert.equal(decodeModel(await g.toBytes()).ir_version, ir);
  }
  assert.throws(() => new GraphBuilder('g', { opset: 30 }), InvalidInputError);
});

test('ORT runs the helpers at every accepted opset', async () => {
  for (const opset of [13, 17, 18, 21, 23]) {
    const g = new GraphBuilder('opsets', { opset });
    const o = new Ops(g);
    const x = g.input('x', 'float32', [2, 4]);
    const s = g.initializer('s', 'float32', [4], new Float32Array(4).fill(1));
    const normed = opset >= 17 ? o.layerNorm(x, s) : x;
    g.output(o.reduceMax(o.gelu(o.rmsNorm(normed, s)), [1], false), 'float32', [2], 'y');
    const { y } = await runGraph(g, { x: float32Tensor([2, 4], [1, 2, 3, 4, 0, 0, 0, 1]) });
    assert.equal(y!.data.length, 2, `opset ${opset}`);
  }
  assert.throws(() => new GraphBuilder('g', { opset: 12 }), /opset from 13 to 23/);
});

test('symbolic dims accept several sizes', async () => {
  const g = scaleGraph();
  const session = await createSession(await g.toBytes());
  try {
    for (const [batch, seq] of [[1, 1], [2, 3], [5, 7]] as const) {
      const x = Float32Array.from({ length: batch * seq * 4 }, (_, i) => i - 3);
      const { y } = await session.run({ x: float32Tensor([batch, seq, 4], x) });
      assert.deepEqual(y!.dims, [batch, seq, 4]);
      assert.deepEqual(Array.from(y!.data as Float32Array), Array.from(x, (v, i) => v * ((i % 4) + 1)));
    }
  } finally {
    await session.release();
  }
});

test('node names and output names are unique; given names are kept', () => {
  const g = new GraphBuilder('names');
  const x = g.input('x', 'float32', [2]);
  const a = g.node('Relu', [x]);
  const b = g.node('Relu', [x]);
  const c = g.node('Relu', [x], {}, { name: 'Relu' });
  assert.deepEqual([a, b, c], [['Relu'], ['Relu_1'], ['Relu_2']]);
  assert.deepEqual(g.node('Split', [x], { axis: 0, num_outputs: 2 }, { outputs: 2, name: 'halves' }), ['halves_0', 'halves_1']);
  assert.deepEqual(g.node('Neg', [x], {}, { outputs: ['minus_x'] }), ['minus_x']);
  assert.ok(g.has('minus_x'));
  assert.throws(() => g.node('Neg', [x], {}, { outputs: ['minus_x'] }), /minus_x: expected a name not yet used/);
  assert.throws(() => g.input('x', 'float32', [1]), InvalidInputError);
  assert.throws(() => g.initializer('x', 'float32', [1], new Float32Array(1)), InvalidInputError);
});

test('a node input that does not exist yet is reported at once, by name', () => {
  const g = new GraphBuilder('typo');
  g.input('x', 'float32', [2]);
  assert.throws(() => g.node('Relu', ['xx']), (e: unknown) => e instanceof InvalidInputError && e.field === 'Relu input xx');
  assert.throws(() => g.output('nothing', 'float32', [2]), InvalidInputError);
  assert.deepEqual(g.node('Clip', ['x', '', g.constant([6], 'float32', [])]).length, 1, "'' marks an omitted optional input");
});

test('a graph without outputs, and bad shapes or data, are refused', async () => {
  const g = new GraphBuilder('empty');
  g.input('x', 'float32', [1]);
  await assert.rejects(g.toBytes(), /at least one output/);
  assert.throws(() => g.input('y', 'float32', [1.5]), InvalidInputError);
  assert.throws(() => g.input('z', 'float32', ['']), InvalidInputError);
  assert.throws(() => g.initializer('w', 'float32', [3], new Float32Array(2)), /3 elements/);
  assert.throws(() => g.initializer('v', 'int64', [2], new Int32Array(2)), /BigInt64Array/);
  assert.throws(() => g.constant([1, 2], 'int32', [3]), /3 elements/);
});

test('identical small constants are shared; numbers become the requested dtype', async () => {
  const g = new GraphBuilder('constants');
  const a = g.constant([1, 2], 'int64', [2]);
  assert.equal(g.constant([1n, 2n], 'int64', [2]), a);
  assert.notEqual(g.constant([1, 2], 'int32', [2]), a);
  const h = g.constant([1.5], 'float16', []);
  g.output(g.node('Cast', [h], { to: 1 })[0]!, 'float32', []);
  const model = decodeModel(await g.toBytes());
  const tensors = model.graph.node.filter((n) => n.op_type === 'Constant').map((n) => n.attribute[0]!.t!);
  assert.equal(tensors.length, 3);
  assert.deepEqual(Array.from(new Uint16Array(new Uint8Array(tensors[2]!.raw_data!).buffer)), [0x3e00]);
});

test('attributes: whole numbers are ints, others floats; attr.float forces a float', async () => {
  const g = new GraphBuilder('attrs');
  const x = g.input('x', 'float32', [3]);
  const [y] = g.node('LeakyRelu', [x], { alpha: attr.float(2) });
  const [z] = g.node('Transpose', [y!], { perm: [0] });
  g.output(z!, 'float32', [3], 'z');
  const model = decodeModel(await g.toBytes());
  const [alpha, perm] = model.graph.node.flatMap((n) => n.attribute);
  assert.deepEqual([alpha!.type, alpha!.f], [1, 2]);
  assert.deepEqual([perm!.type, perm!.ints], [7, [0]]);
  const { z: out } = await runGraph(g, { x: float32Tensor([3], [-1, 0, 3]) });
  assert.deepEqual(Array.from(out!.data as Float32Array), [-2, 0, 3]);
  assert.throws(() => g.node('Relu', [x], { bad: attr.int(0.5) }), RangeError);
});

test('com.microsoft nodes declare that domain, and only then', async () => {
  const g = new GraphBuilder('contrib');
  const x = g.input('x', 'float32', [4]);
  const [y] = g.node('Gelu', [x], {}, { domain: 'com.microsoft' });
  g.output(y!, 'float32', [4], 'y');
  const model = decodeModel(await g.toBytes());
  assert.deepEqual(opsets(model.opset_import), [
    ['', 17],
    ['com.microsoft', 1],
  ]);
  const { y: out } = await runGraph(g, { x: float32Tensor([4], [-1, 0, 1, 2]) });
  assertClose(out!.data as Float32Array, [-0.15865525, 0, 0.84134475, 1.95449974]);
});

test('Ops.scope prefixes node names and their outputs', () => {
  const g = new GraphBuilder('scoped');
  const o = new Ops(g).scope('vision').scope('layer0');
  const x = g.input('x', 'float32', [2]);
  assert.equal(o.relu(x), 'vision/layer0/Relu');
  assert.equal(o.relu(x), 'vision/layer0/Relu_1');
});

test('metadata entries reach ModelProto.metadata_props', async () => {
  const g = scaleGraph();
  g.setMetadata('owseg.family', 'test');
  assert.deepEqual(decodeModel(await g.toBytes()).metadata_props, [{ key: 'owseg.family', value: 'test' }]);
});

test('toBytes refuses more than 2 GiB of weights before reading any of them', async () => {
  const g = scaleGraph();
  let reads = 0;
  g.initializer('huge', 'float32', [2 ** 29 + 1], () => {
    reads++;
    return new Float32Array(0);
  });
  await assert.rejects(g.toBytes(), /do not fit one protobuf/);
  assert.equal(reads, 0);
});
