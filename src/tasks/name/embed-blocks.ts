/**
 * Token ids to input embeddings with image features spliced in at every `<IMG_CONTEXT>`, as
 * InternVL's chat does, for the naming sequence's pieces.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Tensor } from '../../onnx/index.js';
import { imageContextToken, type InternVLModel } from '../../models/internvl/index.js';

/** float32 [1, ids.length, hidden]; `features` holds exactly one row per `<IMG_CONTEXT>` id, in order. */
export async function embedWithImages(model: InternVLModel, ids: readonly number[], features: Float32Array): Promise<Tensor> {
  const { hiddenSize, imageContextTokenId } = model.config;
  const embeds = await model.embed([ids]);
  const data = embeds.data as Float32Array;
  let row = 0;
  ids.forEach((id, t) => {
    if (id !== imageContextTokenId) return;
    data.set(features.subarray(row * hiddenSize, (row + 1) * hiddenSize), t * hiddenSize);
    row++;
  });
  if (row * hiddenSize !== features.length) {
    throw new InvalidInputError('features', `${row} image token rows for the ${row} ${imageContextToken} ids`, `got ${features.length / hiddenSize}`);
  }
  return embeds;
}
