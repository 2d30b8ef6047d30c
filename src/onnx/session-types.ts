/**
 * The Session interface every model runner is written against, apart from onnxruntime-node so a
 * browser adapter over onnxruntime-web can implement it too.
 */
import type { Dim } from './dtype.js';
import type { Tensor } from './tensor.js';

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
