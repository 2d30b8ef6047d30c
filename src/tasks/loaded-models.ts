/**
 * The models a task runs on, given loaded or as folders: a folder is loaded for the one call and
 * released after it, a loaded model stays the caller's to release.
 */
import { loadInternVLPack, type InternVLModel } from '../models/internvl/index.js';
import { loadSam, type SamModel } from '../models/sam/index.js';

export async function withInternVL<T>(model: InternVLModel | string, body: (model: InternVLModel) => Promise<T>): Promise<T> {
  if (typeof model !== 'string') return body(model);
  const loaded = await loadInternVLPack(model);
  try {
    return await body(loaded);
  } finally {
    await loaded.release();
  }
}

/** `variant`: the transformers.js file variant when `sam` is a folder ('quantized', 'fp16' …). */
export async function withSam<T>(sam: SamModel | string, variant: string | undefined, body: (sam: SamModel) => Promise<T>): Promise<T> {
  if (typeof sam !== 'string') return body(sam);
  const loaded = await loadSam(sam, variant ? { variant } : {});
  try {
    return await body(loaded);
  } finally {
    await loaded.release();
  }
}
