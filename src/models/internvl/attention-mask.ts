/**
 * The decoder's additive attention mask [batch, 1, sequence, past + sequence] from the forms
 * callers have: none (causal), a 2-D key-padding mask, a 3-D allowed-pairs mask, or a 4-D additive one.
 */
import { InvalidInputError } from '../../core/errors.js';
import { formatShape, tensor, type Tensor, type TypedTensor } from '../../onnx/index.js';

/** What a blocked pair adds to its score: float32's lowest value, as transformers uses. */
export const maskedScore = -3.4028234663852886e38;

/**
 * - undefined: causal — query i (at absolute position past + i) sees keys 0 … past + i.
 * - bool [batch, past + sequence]: causal, and only keys marked true (left padding and the like).
 * - bool [batch, sequence, past + sequence]: exactly the pairs marked true (any pattern, e.g. WOW-Seg's cascade mask).
 * - float32 [batch or 1, 1, sequence, past + sequence]: additive, used as given (broadcast over batch).
 */
export function additiveMask(mask: Tensor | undefined, batch: number, sequence: number, past: number): TypedTensor<'float32'> {
  const total = past + sequence;
  const out = tensor('float32', [batch, 1, sequence, total]);
  const data = out.data;
  if (mask === undefined) {
    fill(data, batch, sequence, total, (_b, i, j) => j <= past + i);
    return out;
  }
  const field = 'attentionMask';
  const dims = mask.dims;
  if (mask.dtype === 'bool' && dims.length === 2) {
    expectDims(field, dims, [batch, total], 'bool [batch, past + sequence]');
    const keys = mask.data as Uint8Array;
    fill(data, batch, sequence, total, (b, i, j) => j <= past + i && keys[b * total + j] !== 0);
    return out;
  }
  if (mask.dtype === 'bool' && dims.length === 3) {
    expectDims(field, dims, [batch, sequence, total], 'bool [batch, sequence, past + sequence]');
    const pairs = mask.data as Uint8Array;
    fill(data, batch, sequence, total, (b, i, j) => pairs[(b * sequence + i) * total + j] !== 0);
    return out;
  }
  if (mask.dtype === 'float32' && dims.length === 4) {
    if ((dims[0] !== batch && dims[0] !== 1) || dims[1] !== 1 || dims[2] !== sequence || dims[3] !== total) {
      throw new InvalidInputError(field, `float32 [${batch} or 1, 1, ${sequence}, ${total}] (additive)`, `got ${formatShape(dims)}`);
    }
    const values = mask.data as Float32Array;
    const plane = sequence * total;
    for (let b = 0; b < batch; b++) {
      const from = dims[0] === 1 ? 0 : b * plane;
      data.set(values.subarray(from, from + plane), b * plane);
    }
    return out;
  }
  throw new InvalidInputError(
    field,
    'bool [batch, past + sequence], bool [batch, sequence, past + sequence] or float32 [batch, 1, sequence, past + sequence]',
    `got ${mask.dtype} ${formatShape(dims)}`,
  );
}

function fill(data: Float32Array, batch: number, sequence: number, total: number, allowed: (b: number, i: number, j: number) => boolean): void {
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < sequence; i++) {
      for (let j = 0; j < total; j++) data[k++] = allowed(b, i, j) ? 0 : maskedScore;
    }
  }
}

function expectDims(field: string, dims: readonly number[], want: readonly number[], description: string): void {
  if (dims.length !== want.length || dims.some((d, i) => d !== want[i])) {
    throw new InvalidInputError(field, `${description} = ${formatShape(want)}`, `got ${formatShape(dims)}`);
  }
}
