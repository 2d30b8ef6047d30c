/**
 * The package root's `wowseg` namespace and `nameRegions`: WOW-Seg naming as tasks/name exports
 * it, with the `model` option also taking a model name (`wowseg-1b`) or a Hub repo id.
 */
import type { RgbImage } from '../core/image/index.js';
import type { Mask } from '../core/mask.js';
import { nameRegions as nameWithModel, type NamedRegion, type NameRegionsOptions } from '../tasks/name/index.js';
import { withResolvedModels, type ModelSourceOptions } from './model-source.js';

export * from '../tasks/name/index.js';

export interface NameRegionsModelOptions extends NameRegionsOptions, ModelSourceOptions {}

/** Names every mask; `options.model` is a loaded model, a pack folder, a name such as `wowseg-1b` or a Hub repo id. */
export async function nameRegions(image: RgbImage, masks: readonly Mask[], options: NameRegionsModelOptions): Promise<NamedRegion[]> {
  return nameWithModel(image, masks, await withResolvedModels(options));
}
