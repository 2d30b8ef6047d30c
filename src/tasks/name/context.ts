/**
 * The naming context in the decoder: the shared prefix once, then region blocks in passes under
 * the cascade mask (each sees the prefix and itself), kept as cache slices; hand-written cascade prefill.
 */
import { tensor } from '../../onnx/index.js';
import type { InternVLModel, KVCache } from '../../models/internvl/index.js';
import { cascadeAttentionMask, type Segment } from './cascade-mask.js';
import { embedWithImages } from './embed-blocks.js';
import { sliceCache, type CacheSlice } from './kv-slices.js';
import { regionBlock, type NamingPrompt } from './prompt.js';
import { concatFloat32 } from '../../core/float32.js';

export interface SharedContext {
  cache: KVCache;
  slice: CacheSlice;
}

/**
 * Prefix tokens per decoder call. Attention holds heads × chunk × keys scores per layer: for the
 * 3,670-token prefix of 13 tiles at InternVL3-1B, 0.75 GB in one call against 0.1 GB per 512-token
 * chunk. Measured on the int4 pack: 1,024-token chunks took naming 8 masks to a 3.43 GB peak
 * (6 GB unchunked, with tiles in batches of 8) and cost no time; each chunk more copies the cache once.
 */
export const prefillChunk = 512;

/** The shared prefix (positions 0 … length − 1) with the whole image's tokens spliced in, prefilled causally in chunks. */
export async function sharedContext(model: InternVLModel, prompt: NamingPrompt, wholeImage: Float32Array, chunk = prefillChunk): Promise<SharedContext> {
  const embeds = await embedWithImages(model, prompt.shared, wholeImage);
  const { hiddenSize } = model.config;
  const length = prompt.shared.length;
  let cache: KVCache | undefined;
  for (let start = 0; start < length; start += chunk) {
    const end = Math.min(start + chunk, length);
    const part = tensor('float32', [1, end - start, hiddenSize], (embeds.data as Float32Array).subarray(start * hiddenSize, end * hiddenSize));
    cache = (await model.decode({ inputsEmbeds: part, past: cache, logits: 'last' })).present;
  }
  return { cache: cache!, slice: sliceCache(cache!, 0, length) };
}

/** Bytes one token costs in the cache across layers (keys and values, float32). */
export function cacheBytesPerToken(model: InternVLModel): number {
  const { numLayers, numKvHeads, headDim } = model.config;
  return numLayers * 2 * numKvHeads * headDim * 4;
}

/**
 * Each region's block as a cache slice. Blocks are laid end to end from `firstPosition` (continuous
 * position ids, as in the one-sequence layout); they are run in passes of as many blocks as fit in
 * `budgetBytes` — exact, because no block sees another.
 */
export async function regionSlices(
  model: InternVLModel,
  prompt: NamingPrompt,
  shared: SharedContext,
  regions: readonly Float32Array[],
  firstPosition: number,
  budgetBytes: number,
): Promise<CacheSlice[]> {
  const { hiddenSize } = model.config;
  const lengths = regions.map((tokens) => tokens.length / hiddenSize + 2);
  const sharedLength = shared.slice.length;
  const perToken = cacheBytesPerToken(model);
  const out: CacheSlice[] = [];
  let position = firstPosition;
  const { numHeads, numKvHeads } = model.config;
  // Per query and key of a pass: the boolean and additive masks (5 bytes), the mask tiled over each KV head's
  // query heads, and the scores, their masked sum and softmax for every head (float32).
  const perQueryKey = 5 + 4 * (numHeads / numKvHeads + 3 * numHeads);
  for (let start = 0; start < regions.length; ) {
    let end = start + 1;
    let tokens = lengths[start]!;
    const cost = (n: number): number => 2 * (sharedLength + n) * perToken + perQueryKey * n * (sharedLength + n);
    while (end < regions.length && cost(tokens + lengths[end]!) <= budgetBytes) tokens += lengths[end++]!;
    out.push(...(await regionPass(model, prompt, shared, regions.slice(start, end), position)));
    position += tokens;
    start = end;
  }
  return out;
}

async function regionPass(model: InternVLModel, prompt: NamingPrompt, shared: SharedContext, regions: readonly Float32Array[], firstPosition: number): Promise<CacheSlice[]> {
  const { hiddenSize } = model.config;
  const sharedLength = shared.slice.length;
  const blocks = regions.map((tokens) => regionBlock(prompt, tokens.length / hiddenSize));
  const ids = blocks.flat();
  const features = concatFloat32(regions);
  const segments: Segment[] = [{ kind: 'shared', length: sharedLength }, ...blocks.map((block, index): Segment => ({ kind: 'region', index, length: block.length }))];
  const full = cascadeAttentionMask(segments);
  const total = sharedLength + ids.length;
  // The pass's queries are the region rows of the full mask; its keys are the cached prefix and the pass.
  const rows = full.subarray(sharedLength * total);
  const positions = BigInt64Array.from(ids, (_, t) => BigInt(firstPosition + t));
  const { present } = await model.decode({
    inputsEmbeds: await embedWithImages(model, ids, features),
    attentionMask: tensor('bool', [1, ids.length, total], rows),
    positionIds: tensor('int64', [1, ids.length], positions),
    past: shared.cache,
    logits: 'last',
  });
  const slices: CacheSlice[] = [];
  let from = sharedLength;
  for (const block of blocks) {
    slices.push(sliceCache(present, from, from + block.length));
    from += block.length;
  }
  return slices;
}
