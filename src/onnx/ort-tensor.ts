/**
 * Conversion between owseg tensors and onnxruntime's Tensor class, sharing data without copying.
 * Internal to src/onnx, so no other layer ever sees ORT's types.
 */
import ort from 'onnxruntime-node';
import { isDataType } from './dtype.js';
import type { Tensor } from './tensor.js';

export function toOrtTensor(t: Tensor): ort.Tensor {
  return new ort.Tensor(t.dtype, t.data, t.dims);
}

/** An owseg tensor over the ORT tensor's data; float16 arrives as half bits whatever array type ORT used. */
export function fromOrtTensor(name: string, value: ort.OnnxValue): Tensor {
  if (!(value instanceof ort.Tensor)) throw new Error(`output ${name}: not a tensor, which owseg does not support`);
  const dtype = value.type;
  if (!isDataType(dtype)) throw new Error(`output ${name}: element type ${dtype} is not supported by owseg`);
  const dims = [...value.dims];
  const data = value.data;
  if (dtype === 'float16' && !(data instanceof Uint16Array)) {
    const view = data as unknown as ArrayBufferView;
    return { dtype, dims, data: new Uint16Array(view.buffer, view.byteOffset, view.byteLength / 2) };
  }
  return { dtype, dims, data: data as Tensor['data'] };
}
