/**
 * The Session interface every model runner is written against, apart from onnxruntime-node so a
 * browser adapter over onnxruntime-web can implement it too, and ORT's input/output metadata read into it.
 */
import type { Dim } from './dtype.js';
import { ANONYMOUS_DIM, type Tensor } from './tensor.js';

/** A model input or output as the session declares it; dtype is ORT's name (e.g. 'float64') when owseg has no equivalent. */
export interface ValueInfo {
  name: string;
  dtype: string;
  dims: Dim[];
}

export interface Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  /** Runs the model; returns the requested outputs (default all). */
  run(feeds: Record<string, Tensor>, outputNames?: readonly string[]): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

/** onnxruntime's InferenceSession.ValueMetadata, the same in onnxruntime-node and onnxruntime-web. */
export interface OrtValueMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: readonly (number | string)[];
}

/** ORT's metadata as a ValueInfo: unnamed or unknown dims (ORT gives '' or -1) become ANONYMOUS_DIM. */
export function valueInfoOf(meta: OrtValueMetadata): ValueInfo {
  if (!meta.isTensor) return { name: meta.name, dtype: 'non-tensor', dims: [] };
  return { name: meta.name, dtype: meta.type!, dims: (meta.shape ?? []).map((d) => (d === '' || (typeof d === 'number' && d < 0) ? ANONYMOUS_DIM : d)) };
}
