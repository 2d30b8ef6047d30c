/**
 * The package root's `ground` and `anyword` namespace: Segment Anyword as tasks/ground exports it,
 * with `model` and `sam` also taking model names (`wowseg-1b`, `slimsam`) or Hub repo ids.
 */
import type { RgbImage } from '../core/image/index.js';
import { ground as groundWithModels, type GroundOptions, type GroundResult } from '../tasks/ground/index.js';
import { resolveSource, type ModelSourceOptions } from './model-source.js';

export * from '../tasks/ground/index.js';

export interface GroundModelOptions extends GroundOptions, ModelSourceOptions {}

/** One mask per entity of `text`; `model` and `sam` are loaded models, folders, model names or Hub repo ids. */
export async function ground(image: RgbImage, text: string, options: GroundModelOptions): Promise<GroundResult> {
  const model = typeof options.model === 'string' ? (await resolveSource(options.model, 'internvl', 'model', options)).dir : options.model;
  if (typeof options.sam !== 'string') return groundWithModels(image, text, { ...options, model });
  const sam = await resolveSource(options.sam, 'sam', 'sam', options);
  return groundWithModels(image, text, { ...options, model, sam: sam.dir, ...(options.samVariant === undefined && sam.samVariant ? { samVariant: sam.samVariant } : {}) });
}
