/**
 * Building decoder feeds in whatever numeric type the export declares (labels are float32 in the
 * official export and int64 in transformers.js ones), and finding declared inputs by name.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Session, ValueInfo } from '../../onnx/session-types.js';
import { float32Tensor, int64Tensor, type Tensor } from '../../onnx/tensor.js';

/** A tensor of the dtype `info` declares, from plain numbers (int64 ones must be integers). */
export function numericFeed(info: ValueInfo, dims: readonly number[], values: ArrayLike<number>): Tensor {
  if (info.dtype === 'float32') return float32Tensor(dims, values);
  if (info.dtype === 'int64') return int64Tensor(dims, values);
  throw new InvalidInputError(`decoder input ${info.name}`, 'a float32 or int64 input', `the export declares ${info.dtype}`);
}

export function inputInfo(session: Session, name: string): ValueInfo | undefined {
  return session.inputs.find((i) => i.name === name);
}

export function requireInput(session: Session, name: string, role: string): ValueInfo {
  const info = inputInfo(session, name);
  if (!info) throw new InvalidInputError(role, `an input named ${name}`, `the inputs are ${session.inputNames.join(', ')}`);
  return info;
}
