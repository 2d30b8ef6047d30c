/**
 * Thin typed helpers over GraphBuilder.node for the operators transformers and ViTs need, so model
 * code reads like the architecture. Each helper is one node or a short standard decomposition.
 */
import { InvalidInputError } from '../../core/errors.js';
import { ONNX_TYPE_CODE, type DataType } from '../dtype.js';
import { dataFromValues } from '../tensor.js';
import { attr, type AttributeValue } from './attributes.js';
import type { GraphBuilder, NodeOptions } from './graph-builder.js';

/** A value name, or a plain number that becomes a scalar constant of the Ops float type. */
export type Operand = string | number;

/** Integer lists given as numbers become int64 constants; a string is a value computed in the graph. */
export type IntsOperand = readonly number[] | string;

export interface OpsOptions {
  /** Type of the scalar constants the helpers create (gelu's √2, a number operand …). Default float32. */
  floatType?: 'float32' | 'float16';
}

export interface ConvOptions {
  strides?: number[];
  pads?: number[];
  dilations?: number[];
  group?: number;
  kernelShape?: number[];
}

export interface NormOptions {
  /** Default 1e-5 (LayerNorm) / 1e-6 (RMSNorm). */
  epsilon?: number;
  /** First normalised axis; normalisation runs over it and all later axes. Default -1. */
  axis?: number;
}

export interface RmsNormOptions extends NormOptions {
  /**
   * 'decomposed' (default): Pow, ReduceMean, Add, Sqrt, Div, Mul in standard ONNX. ORT fuses it into
   * SimplifiedLayerNormalization at 'extended' optimisation and above (measured on ORT 1.30 CPU:
   * identical outputs, same speed), and any ONNX runtime can run it. 'fused': that ORT kernel
   * directly (ORT-only); faster only when optimisation is 'disabled' or 'basic'.
   */
  form?: 'decomposed' | 'fused';
}

// Out-of-range Slice bounds clamp, so ±Infinity ("to the end") maps to the int64 extremes.
const INT64_MAX = 2n ** 63n - 1n;

function toInt64(value: number): bigint {
  if (value === Infinity) return INT64_MAX;
  if (value === -Infinity) return -INT64_MAX;
  if (!Number.isSafeInteger(value)) throw new InvalidInputError('integer operand', 'a safe integer or ±Infinity', `got ${value}`);
  return BigInt(value);
}

export class Ops {
  readonly g: GraphBuilder;
  readonly floatType: 'float32' | 'float16';
  private readonly prefix: string;

  constructor(g: GraphBuilder, options: OpsOptions = {}, prefix = '') {
    this.g = g;
    this.floatType = options.floatType ?? 'float32';
    this.prefix = prefix;
  }

  /** The same helpers naming their nodes `<prefix>/<Op>`, e.g. `o.scope('vision.layers.0.attn')`. */
  scope(name: string): Ops {
    return new Ops(this.g, { floatType: this.floatType }, this.prefix ? `${this.prefix}/${name}` : name);
  }

  /** One node with one output, named under the scope. */
  op(opType: string, inputs: (string | '')[], attributes: Record<string, AttributeValue | undefined> = {}, options: NodeOptions = {}): string {
    return this.ops(opType, inputs, attributes, options)[0]!;
  }

  /** One node with several outputs, named under the scope. */
  ops(opType: string, inputs: (string | '')[], attributes: Record<string, AttributeValue | undefined> = {}, options: NodeOptions = {}): string[] {
    const base = options.name ?? opType;
    return this.g.node(opType, inputs, attributes, { ...options, name: this.prefix ? `${this.prefix}/${base}` : base });
  }

  // Constants

  /** A scalar of the float type (or `dtype`). */
  scalar(value: number, dtype: DataType = this.floatType): string {
    return this.g.constant([value], dtype, []);
  }

  /** A 1-D int64 constant; ±Infinity become the int64 extremes. */
  ints(values: readonly number[]): string {
    return this.g.constant(values.map(toInt64), 'int64', [values.length]);
  }

  /** A scalar int64 constant. */
  int(value: number): string {
    return this.g.constant([toInt64(value)], 'int64', []);
  }

  private operand(value: Operand): string {
    return typeof value === 'number' ? this.scalar(value) : value;
  }

  private intsOperand(value: IntsOperand): string {
    return typeof value === 'string' ? value : this.ints(value);
  }

  // Elementwise arithmetic (numpy broadcasting)

  add(a: Operand, b: Operand): string {
    return this.op('Add', [this.operand(a), this.operand(b)]);
  }

  sub(a: Operand, b: Operand): string {
    return this.op('Sub', [this.operand(a), this.operand(b)]);
  }

  mul(a: Operand, b: Operand): string {
    return this.op('Mul', [this.operand(a), this.operand(b)]);
  }

  div(a: Operand, b: Operand): string {
    return this.op('Div', [this.operand(a), this.operand(b)]);
  }

  pow(a: Operand, b: Operand): string {
    return this.op('Pow', [this.operand(a), this.operand(b)]);
  }

  max(a: Operand, b: Operand): string {
    return this.op('Max', [this.operand(a), this.operand(b)]);
  }

  min(a: Operand, b: Operand): string {
    return this.op('Min', [this.operand(a), this.operand(b)]);
  }

  sqrt(x: string): string {
    return this.op('Sqrt', [x]);
  }

  exp(x: string): string {
    return this.op('Exp', [x]);
  }

  neg(x: string): string {
    return this.op('Neg', [x]);
  }

  erf(x: string): string {
    return this.op('Erf', [x]);
  }

  tanh(x: string): string {
    return this.op('Tanh', [x]);
  }

  sigmoid(x: string): string {
    return this.op('Sigmoid', [x]);
  }

  relu(x: string): string {
    return this.op('Relu', [x]);
  }

  // Comparison and logic

  equal(a: Operand, b: Operand): string {
    return this.op('Equal', [this.operand(a), this.operand(b)]);
  }

  less(a: Operand, b: Operand): string {
    return this.op('Less', [this.operand(a), this.operand(b)]);
  }

  greater(a: Operand, b: Operand): string {
    return this.op('Greater', [this.operand(a), this.operand(b)]);
  }

  and(a: string, b: string): string {
    return this.op('And', [a, b]);
  }

  or(a: string, b: string): string {
    return this.op('Or', [a, b]);
  }

  not(x: string): string {
    return this.op('Not', [x]);
  }

  where(condition: string, a: Operand, b: Operand): string {
    return this.op('Where', [condition, this.operand(a), this.operand(b)]);
  }

  // Linear algebra

  matMul(a: string, b: string): string {
    return this.op('MatMul', [a, b]);
  }

  /** x @ weight (+ bias), with weight laid out [in, out] — a PyTorch Linear weight transposed. */
  linear(x: string, weight: string, bias?: string): string {
    const y = this.matMul(x, weight);
    return bias === undefined ? y : this.add(y, bias);
  }

  /**
   * x @ Wᵀ (+ bias) with W [n, k] stored blockwise by quantizeBlockwise (ORT's MatMulNBits,
   * com.microsoft). accuracyLevel 4 computes in int8 (AVX-512 VNNI / AVX2), 0 in float32.
   */
  matMulNBits(
    x: string,
    weight: { data: string; scales: string; zeroPoints?: string },
    shape: { k: number; n: number; bits: 4 | 8; blockSize: number; accuracyLevel: number },
    bias?: string,
  ): string {
    const inputs = weight.zeroPoints === undefined ? [x, weight.data, weight.scales] : [x, weight.data, weight.scales, weight.zeroPoints];
    const attributes = { K: shape.k, N: shape.n, bits: shape.bits, block_size: shape.blockSize, accuracy_level: shape.accuracyLevel };
    const y = this.op('MatMulNBits', inputs, attributes, { domain: 'com.microsoft' });
    return bias === undefined ? y : this.add(y, bias);
  }

  // Shape manipulation

  /** Reshape; in a numeric shape 0 copies the input dim and -1 is inferred. */
  reshape(x: string, shape: IntsOperand): string {
    return this.op('Reshape', [x, this.intsOperand(shape)]);
  }

  transpose(x: string, perm: readonly number[]): string {
    return this.op('Transpose', [x], { perm: [...perm] });
  }

  concat(xs: readonly string[], axis: number): string {
    return this.op('Concat', [...xs], { axis });
  }

  /** Splits along `axis` into pieces of the given sizes. */
  split(x: string, sizes: readonly number[], axis: number): string[] {
    return this.ops('Split', [x, this.ints(sizes)], { axis }, { outputs: sizes.length });
  }

  /** Slice [starts, ends) on `axes` (default the first starts.length axes); Infinity means "to the end". */
  slice(x: string, starts: IntsOperand, ends: IntsOperand, axes?: readonly number[], steps?: readonly number[]): string {
    const inputs = [x, this.intsOperand(starts), this.intsOperand(ends)];
    if (axes !== undefined || steps !== undefined) {
      const count = typeof starts === 'string' ? (axes ?? steps)!.length : starts.length;
      inputs.push(this.ints(axes ?? Array.from({ length: count }, (_, i) => i)));
    }
    if (steps !== undefined) inputs.push(this.ints(steps));
    return this.op('Slice', inputs);
  }

  /** Gather along `axis`; a number index removes the axis, a number list or value keeps it. */
  gather(x: string, indices: string | number | readonly number[], axis = 0): string {
    const index = typeof indices === 'number' ? this.int(indices) : typeof indices === 'string' ? indices : this.ints(indices);
    return this.op('Gather', [x, index], { axis });
  }

  unsqueeze(x: string, axes: readonly number[]): string {
    return this.op('Unsqueeze', [x, this.ints(axes)]);
  }

  /** Squeeze the given axes, or every size-1 axis when none are given. */
  squeeze(x: string, axes?: readonly number[]): string {
    return this.op('Squeeze', axes === undefined ? [x] : [x, this.ints(axes)]);
  }

  /** The shape as a 1-D int64 value, optionally only dims [start, end). */
  shape(x: string, start?: number, end?: number): string {
    if ((start !== undefined || end !== undefined) && this.g.opset < 15) {
      throw new InvalidInputError('shape start/end', 'opset 15 or later');
    }
    return this.op('Shape', [x], { start, end });
  }

  expand(x: string, shape: IntsOperand): string {
    return this.op('Expand', [x, this.intsOperand(shape)]);
  }

  flatten(x: string, axis = 1): string {
    return this.op('Flatten', [x], { axis });
  }

  cast(x: string, to: DataType): string {
    return this.op('Cast', [x], { to: ONNX_TYPE_CODE[to] });
  }

  identity(x: string): string {
    return this.op('Identity', [x]);
  }

  /** A tensor of the given (1-D int64) shape filled with `value` of `dtype`. */
  constantOfShape(shape: IntsOperand, value: number, dtype: DataType = this.floatType): string {
    return this.op('ConstantOfShape', [this.intsOperand(shape)], { value: attr.tensor(dtype, [1], dataFromValues(dtype, [value])) });
  }

  /** start, start+delta, … below limit; all three scalars of one type. */
  range(start: string, limit: string, delta: string): string {
    return this.op('Range', [start, limit, delta]);
  }

  /** Keeps the lower (upper = false) or upper triangle of the last two axes, offset by k diagonals. */
  trilu(x: string, upper: boolean, k = 0): string {
    return this.op('Trilu', k === 0 ? [x] : [x, this.int(k)], { upper: upper ? 1 : 0 });
  }

  // Reductions

  reduceMean(x: string, axes: readonly number[], keepDims = true): string {
    return this.reduce('ReduceMean', x, axes, keepDims, 18);
  }

  reduceMax(x: string, axes: readonly number[], keepDims = true): string {
    return this.reduce('ReduceMax', x, axes, keepDims, 18);
  }

  reduceSum(x: string, axes: readonly number[], keepDims = true): string {
    return this.reduce('ReduceSum', x, axes, keepDims, 13);
  }

  argMax(x: string, axis: number, keepDims = true): string {
    return this.op('ArgMax', [x], { axis, keepdims: keepDims ? 1 : 0 });
  }

  /** Axes moved from an attribute to an input at `inputSince` (opset 18 for most reductions, 13 for ReduceSum). */
  private reduce(opType: string, x: string, axes: readonly number[], keepDims: boolean, inputSince: number): string {
    const keepdims = keepDims ? 1 : 0;
    if (this.g.opset >= inputSince) return this.op(opType, [x, this.ints(axes)], { keepdims });
    return this.op(opType, [x], { axes: { kind: 'ints', value: axes }, keepdims });
  }

  // Neural-network layers

  softmax(x: string, axis = -1): string {
    return this.op('Softmax', [x], { axis });
  }

  /** LayerNormalization (opset 17+); statistics in float32 even for float16 input (stash_type 1). */
  layerNorm(x: string, scale: string, bias?: string, options: NormOptions = {}): string {
    if (this.g.opset < 17) throw new InvalidInputError('layerNorm', 'opset 17 or later (LayerNormalization)', `graph opset ${this.g.opset}`);
    return this.op('LayerNormalization', bias === undefined ? [x, scale] : [x, scale, bias], {
      axis: options.axis ?? -1,
      epsilon: { kind: 'float', value: options.epsilon ?? 1e-5 },
    });
  }

  /**
   * RMSNorm as in Llama/Qwen: x / sqrt(mean(x²) + ε) · scale, statistics in float32 (a float16
   * input is cast up, normalised, and cast back before the scale, as the PyTorch modules do).
   */
  rmsNorm(x: string, scale: string, options: RmsNormOptions = {}): string {
    const epsilon = options.epsilon ?? 1e-6;
    const axis = options.axis ?? -1;
    if ((options.form ?? 'decomposed') === 'fused') {
      return this.op('SimplifiedLayerNormalization', [x, scale], { axis, epsilon: { kind: 'float', value: epsilon }, stash_type: 1 });
    }
    const half = this.floatType === 'float16';
    const x32 = half ? this.cast(x, 'float32') : x;
    const meanSquare = this.reduceMean(this.pow(x32, this.scalar(2, 'float32')), this.normalisedAxes(axis));
    const rms = this.sqrt(this.add(meanSquare, this.scalar(epsilon, 'float32')));
    const normalised = this.div(x32, rms);
    return this.mul(half ? this.cast(normalised, 'float16') : normalised, scale);
  }

  /** Exact (erf) GELU, 0.5·x·(1 + erf(x/√2)), in the node pattern ORT fuses into one Gelu kernel. */
  gelu(x: string): string {
    const erf = this.erf(this.div(x, this.scalar(Math.SQRT2)));
    return this.mul(this.mul(x, this.add(erf, this.scalar(1))), this.scalar(0.5));
  }

  /** SiLU (swish), x·sigmoid(x). */
  silu(x: string): string {
    return this.mul(x, this.sigmoid(x));
  }

  /** Convolution over NC(D)HW input with weight [out, in/group, k…]. */
  conv(x: string, weight: string, bias?: string, options: ConvOptions = {}): string {
    return this.op('Conv', bias === undefined ? [x, weight] : [x, weight, bias], {
      strides: options.strides,
      pads: options.pads,
      dilations: options.dilations,
      group: options.group,
      kernel_shape: options.kernelShape,
    });
  }

  // ReduceMean's axes for "axis and every later axis" need the rank when axis is not -1.
  private normalisedAxes(axis: number): number[] {
    if (axis === -1) return [-1];
    if (axis < 0) return Array.from({ length: -axis }, (_, i) => axis + i);
    throw new InvalidInputError('rmsNorm axis', 'a negative axis (counted from the end)', `got ${axis}`);
  }
}
