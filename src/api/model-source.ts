/**
 * The options every name-aware loader of the library takes: where the Hub and caches are, which
 * transformers.js variant, and a callback for download and conversion progress.
 */
import type { Dtype, HubSettings, ModelEvent, ModelFamily, ResolvedModel } from '../hub/index.js';
import { resolveModel } from '../hub/index.js';

export interface ModelSourceOptions {
  /** Overrides of the Hub settings the environment gives (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_OFFLINE …). */
  hub?: Partial<HubSettings>;
  /** transformers.js variant of ONNX models: fp32 (default), fp16, q8 … */
  dtype?: Dtype;
  /** Download and conversion progress, warnings. */
  onModelEvent?: (event: ModelEvent) => void;
}

/** `model` (folder, name or repo id) as a folder of `family`, downloaded or converted when needed. */
export function resolveSource(model: string, family: ModelFamily, field: string, options: ModelSourceOptions): Promise<ResolvedModel> {
  return resolveModel(model, family, {
    field,
    ...(options.hub ? { hub: options.hub } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.onModelEvent ? { onEvent: options.onModelEvent } : {}),
  });
}
