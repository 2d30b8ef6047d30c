/**
 * Models by name from the Hugging Face Hub: name resolution, downloads into the cache shared with
 * Python's huggingface_hub, automatic conversion of checkpoints, and what the caches hold.
 */
export { MODEL_NAMES, MODEL_FAMILIES, modelName, nameOfRepo, type ModelFamily, type ModelName } from './names.js';
export { parseModelSpec, describeSpec, type ModelSpec } from './model-spec.js';
export { hubSettings, type HubSettings } from './settings.js';
export { HubError, type HubErrorReason } from './errors.js';
export { DTYPES, DTYPE_SUFFIX, detectFamily, selectFiles, type Dtype, type FileSelection } from './select-files.js';
export { modelRecord, modelSourceExtra } from './model-record.js';
export { resolveModel, pullModel, type ResolveOptions, type PullOptions, type ResolvedModel, type ModelEvent } from './resolve.js';
export { listCachedModels, removeCachedModel, type CachedModel, type CachedState } from './cached-models.js';
export { repoFolderName } from './cache-layout.js';
export { packDir } from './packs.js';
