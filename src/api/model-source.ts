/**
 * The options every name-aware loader of the library takes: where the Hub and caches are, which
 * transformers.js variant or InternVL weight format, and a callback for download and conversion progress.
 */
import type { Dtype, HubSettings, ModelEvent, ModelFamily, ResolvedModel } from '../hub/index.js';
import { resolveModel } from '../hub/index.js';
import type { WeightFormat } from '../models/internvl/index.js';

export interface ModelSourceOptions {
  /** Overrides of the Hub settings the environment gives (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_OFFLINE …). */
  hub?: Partial<HubSettings>;
  /** transformers.js variant of ONNX models: fp32 (default), fp16, q8 … */
  dtype?: Dtype;
  /** Weight format an InternVL checkpoint from the Hub is converted to: fp32 (default), fp16, int8, int4. */
  weights?: WeightFormat;
  /** Download and conversion progress, warnings. */
  onModelEvent?: (event: ModelEvent) => void;
}

/** `model` (folder, name or repo id) as a folder of `family`, downloaded or converted when needed. */
export function resolveSource(model: string, family: ModelFamily, field: string, options: ModelSourceOptions): Promise<ResolvedModel> {
  return resolveModel(model, family, {
    field,
    ...(options.hub ? { hub: options.hub } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
    ...(options.onModelEvent ? { onEvent: options.onModelEvent } : {}),
  });
}

/**
 * `options` with a string `model` (InternVL) and a string `sam` resolved to folders, the SAM
 * variant a name implies filled in unless the caller chose one; loaded models pass through.
 */
export async function withResolvedModels<T extends ModelSourceOptions & { model?: unknown; sam?: unknown; samVariant?: string }>(options: T): Promise<T> {
  let resolved = options;
  if (typeof options.model === 'string') resolved = { ...resolved, model: (await resolveSource(options.model, 'internvl', 'model', options)).dir };
  if (typeof options.sam === 'string') {
    const sam = await resolveSource(options.sam, 'sam', 'sam', options);
    resolved = { ...resolved, sam: sam.dir, ...(options.samVariant === undefined && sam.samVariant ? { samVariant: sam.samVariant } : {}) };
  }
  return resolved;
}
