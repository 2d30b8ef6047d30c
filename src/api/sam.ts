/**
 * The package root's `sam` namespace: the SAM family as models/sam exports it, with `loadSam`
 * also taking a model name (`slimsam`) or a Hub repo id, downloaded on first use.
 */
import { loadSam as loadSamFolder, type LoadSamOptions, type SamModel } from '../models/sam/index.js';
import { resolveSource, type ModelSourceOptions } from './model-source.js';

export * from '../models/sam/index.js';

export interface LoadSamModelOptions extends LoadSamOptions, ModelSourceOptions {}

/** Opens a SAM model from a folder, a name such as `sam-vit-base` or a repo id such as `Xenova/slimsam-77-uniform@main`. */
export async function loadSam(model: string, options: LoadSamModelOptions = {}): Promise<SamModel> {
  const source = await resolveSource(model, 'sam', 'model', options);
  const variant = options.variant ?? source.samVariant;
  return loadSamFolder(source.dir, { ...options, ...(variant ? { variant } : {}) });
}
