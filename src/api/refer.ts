/**
 * The package root's `refer` and `ras` namespace: RAS as tasks/refer exports it, with the `model`
 * option also taking a model name (`wowseg-1b`) or a Hub repo id.
 */
import type { RgbImage } from '../core/image/index.js';
import { fitReferHead as fitWithModel, refer as referWithModel, type FitExample, type FitOptions, type FitReport, type ReferHead, type ReferOptions, type ReferResult } from '../tasks/refer/index.js';
import { withResolvedModels, type ModelSourceOptions } from './model-source.js';

export * from '../tasks/refer/index.js';

export interface ReferModelOptions extends ReferOptions, ModelSourceOptions {}

/** The candidates `text` refers to; `options.model` is a loaded model, a pack folder, a model name or a Hub repo id. */
export async function refer(image: RgbImage, text: string, options: ReferModelOptions): Promise<ReferResult> {
  return referWithModel(image, text, await withResolvedModels(options));
}

export interface FitReferHeadModelOptions extends FitOptions, ModelSourceOptions {}

export async function fitReferHead(examples: readonly FitExample[], options: FitReferHeadModelOptions): Promise<{ head: Extract<ReferHead, { kind: 'linear' }>; report: FitReport }> {
  return fitWithModel(examples, await withResolvedModels(options));
}
