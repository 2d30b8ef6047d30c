/**
 * RAS's one pass, on the cascade machinery: the shared context once, then every candidate block
 * under a mask where each sees the context and itself only, read at each block's last token.
 */
import { tensor } from '../../onnx/index.js';
import type { InternVLModel, KVCache } from '../../models/internvl/index.js';
import { cascadeAttentionMask, type Segment } from '../name/cascade-mask.js';
import { cacheBytesPerToken } from '../name/context.js';
import { embedWithImages } from '../name/embed-blocks.js';
import { candidateBlock, type ReferPrompt } from './refer-prompt.js';
import { concatFloat32 } from '../../core/float32.js';

export interface CandidateReading {
  /** The last hidden state at the candidate's last token (what RAS's binary classifier reads). */
  hidden: Float32Array;
  /** logit(Yes) − logit(No) there: the zero-shot score. */
  yesNo: number;
}

export interface SharedReferContext {
  cache: KVCache;
  length: number;
}

/** The shared prefix with the whole image's and the references' tokens spliced in, in that order. */
export async function referContext(model: InternVLModel, prompt: ReferPrompt, imageAndReferenceTokens: Float32Array): Promise<SharedReferContext> {
  const { present } = await model.decode({ inputsEmbeds: await embedWithImages(model, prompt.shared, imageAndReferenceTokens), logits: 'last' });
  return { cache: present, length: prompt.shared.length };
}

/**
 * Reads every candidate. Each block's position ids start right after the shared context, as if it
 * were the only candidate, so a candidate's reading is exactly what scoring it alone gives, and no
 * other candidate (its content, its place in the list) can change it. Blocks run in passes of as
 * many as fit in `budgetBytes` — exact too, since no block sees another.
 */
export async function readCandidates(
  model: InternVLModel,
  prompt: ReferPrompt,
  shared: SharedReferContext,
  candidates: readonly Float32Array[],
  budgetBytes: number,
): Promise<CandidateReading[]> {
  const { hiddenSize } = model.config;
  const lengths = candidates.map((tokens) => candidateBlock(prompt, tokens.length / hiddenSize).length);
  const perToken = cacheBytesPerToken(model);
  const { numHeads, vocabSize } = model.config;
  const averageLength = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
  const candidatesIn = (tokens: number): number => Math.ceil(tokens / averageLength);
  // Per pass: the cache in and out, the boolean and additive masks, one layer's attention scores and
  // their softmax (heads × pass × keys, float32), and the logits at each candidate's last token.
  const cost = (tokens: number): number => {
    const keys = shared.length + tokens;
    return 2 * keys * perToken + 5 * keys * keys + 8 * numHeads * tokens * keys + 4 * candidatesIn(tokens) * vocabSize;
  };
  const out: CandidateReading[] = [];
  for (let start = 0; start < candidates.length; ) {
    let end = start + 1;
    let tokens = lengths[start]!;
    while (end < candidates.length && cost(tokens + lengths[end]!) <= budgetBytes) tokens += lengths[end++]!;
    out.push(...(await candidatePass(model, prompt, shared, candidates.slice(start, end))));
    start = end;
  }
  return out;
}

async function candidatePass(model: InternVLModel, prompt: ReferPrompt, shared: SharedReferContext, candidates: readonly Float32Array[]): Promise<CandidateReading[]> {
  const { hiddenSize, vocabSize } = model.config;
  const blocks = candidates.map((tokens) => candidateBlock(prompt, tokens.length / hiddenSize));
  const ids = blocks.flat();
  const features = concatFloat32(candidates);
  const segments: Segment[] = [{ kind: 'shared', length: shared.length }, ...blocks.map((block, index): Segment => ({ kind: 'region', index, length: block.length }))];
  const total = shared.length + ids.length;
  const rows = cascadeAttentionMask(segments).subarray(shared.length * total);
  const positions = new BigInt64Array(ids.length);
  const lasts: number[] = [];
  let offset = 0;
  for (const block of blocks) {
    for (let t = 0; t < block.length; t++) positions[offset + t] = BigInt(shared.length + t);
    offset += block.length;
    lasts.push(offset - 1);
  }
  const { hidden, logits } = await model.decode({
    inputsEmbeds: await embedWithImages(model, ids, features),
    attentionMask: tensor('bool', [1, ids.length, total], rows),
    positionIds: tensor('int64', [1, ids.length], positions),
    past: shared.cache,
    logits: lasts,
  });
  const hiddenData = hidden.data as Float32Array;
  const logitData = logits.data as Float32Array;
  return blocks.map((_, k) => ({
    hidden: hiddenData.slice(k * hiddenSize, (k + 1) * hiddenSize),
    yesNo: logitData[k * vocabSize + prompt.yes]! - logitData[k * vocabSize + prompt.no]!,
  }));
}
