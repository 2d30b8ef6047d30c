/**
 * The package root's `ground` and `anyword` namespace: Segment Anyword as tasks/ground exports it,
 * with `model` and `sam` also taking model names (`wowseg-1b`, `slimsam`) or Hub repo ids.
 */
import type { RgbImage } from '../core/image/index.js';
import { ground as groundWithModels, type GroundOptions, type GroundResult } from '../tasks/ground/index.js';
import { withResolvedModels, type ModelSourceOptions } from './model-source.js';

export * from '../tasks/ground/index.js';

export interface GroundModelOptions extends GroundOptions, ModelSourceOptions {}

/** One mask per entity of `text`; `model` and `sam` are loaded models, folders, model names or Hub repo ids. */
export async function ground(image: RgbImage, text: string, options: GroundModelOptions): Promise<GroundResult> {
  return groundWithModels(image, text, await withResolvedModels(options));
}
