/**
 * The package root's `internvl` namespace: InternVL as models/internvl exports it, with
 * `loadInternVLPack` also taking a model name (`wowseg-1b`) or a Hub repo id, converted on first use.
 */
import { loadInternVLPack as loadPackFolder, type InternVLModel, type LoadInternVLOptions } from '../models/internvl/index.js';
import { resolveSource, type ModelSourceOptions } from './model-source.js';

export * from '../models/internvl/index.js';

export interface LoadInternVLModelOptions extends LoadInternVLOptions, ModelSourceOptions {}

/** Opens an InternVL pack from a folder, or a Hub checkpoint by name or repo id (downloaded and converted once). */
export async function loadInternVLPack(model: string, options: LoadInternVLModelOptions = {}): Promise<InternVLModel> {
  const source = await resolveSource(model, 'internvl', 'model', options);
  return loadPackFolder(source.dir, options);
}
