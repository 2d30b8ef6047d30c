/**
 * Greedy decoding of many answers as one batch over a cascade context: row i sees the shared
 * prefix, region i and its own infix and tokens only (hand-written; no library decodes a cascade).
 */
import { maskedScore, type InternVLModel } from '../../models/internvl/index.js';
import { tensor, type Tensor } from '../../onnx/index.js';
import { cacheBytesPerToken } from './context.js';
import { assembleCache, type CacheSlice } from './kv-slices.js';
import type { NamingPrompt } from './prompt.js';
import { nameOf, stopTokens } from './answer-text.js';

export interface NamedRegion {
  /** The generated text up to the separator, trimmed. */
  name: string;
  /** Mean natural-log probability of the generated tokens (the stop token included). */
  logProb: number;
  /** Every generated id, the stop token (separator or `<|im_end|>`) included when one was reached. */
  tokens: number[];
}

export interface AnswerOptions {
  maxNewTokens: number;
  budgetBytes: number;
  /** Position of each row's first infix token; every row's infix and answer continue from it. */
  firstPosition: number;
  /** Called after each finished batch of rows with the number of rows done. */
  onRows?: (done: number) => void;
  /** Every row's logits at every position it decodes, for checking against the one-sequence computation. */
  onLogits?: (row: number, position: number, logits: Float32Array) => void;
}

/** One greedy answer per region slice, in order, batched in as many rows as fit in the budget. */
export async function decodeAnswers(model: InternVLModel, prompt: NamingPrompt, shared: CacheSlice, regions: readonly CacheSlice[], options: AnswerOptions): Promise<NamedRegion[]> {
  const stops = stopTokens(model);
  const out: NamedRegion[] = [];
  for (let start = 0; start < regions.length; ) {
    const width = shared.length + Math.max(...regions.slice(start).map((r) => r.length));
    // Cache in and out per row for the longest row of what is left; padding makes shorter rows cost the same.
    const rowBytes = 2 * (width + prompt.infix.length + options.maxNewTokens) * cacheBytesPerToken(model);
    const count = Math.max(1, Math.min(regions.length - start, Math.floor(options.budgetBytes / rowBytes)));
    out.push(...(await decodeRows(model, prompt, shared, regions.slice(start, start + count), start, options, stops)));
    start += count;
    options.onRows?.(start);
  }
  return out;
}

async function decodeRows(
  model: InternVLModel,
  prompt: NamingPrompt,
  shared: CacheSlice,
  regions: readonly CacheSlice[],
  firstRow: number,
  options: AnswerOptions,
  isStop: (id: number) => boolean,
): Promise<NamedRegion[]> {
  const { numKvHeads, headDim, hiddenSize, vocabSize, eosTokenId } = model.config;
  const rows = regions.length;
  const width = shared.length + Math.max(...regions.map((r) => r.length));
  // Keys each row may see in the assembled cache: the prefix and its own region, not the padding.
  const visible = new Uint8Array(rows * width);
  regions.forEach((region, b) => visible.fill(1, b * width, b * width + shared.length + region.length));
  let past = assembleCache(regions.map((region) => [shared, region]), width, numKvHeads, headDim);

  const infix = (await model.embed([prompt.infix])).data as Float32Array;
  const inputs = new Float32Array(rows * infix.length);
  for (let b = 0; b < rows; b++) inputs.set(infix, b * infix.length);
  let embeds: Tensor = tensor('float32', [rows, prompt.infix.length, hiddenSize], inputs);

  const tokens: number[][] = regions.map(() => []);
  const logProbs = regions.map(() => 0);
  const done = regions.map(() => false);
  let position = options.firstPosition;
  let pastLength = width;
  for (let step = 0; step < options.maxNewTokens && done.includes(false); step++) {
    const sequence = embeds.dims[1]!;
    const { logits, present } = await model.decode({
      inputsEmbeds: embeds,
      attentionMask: rowMask(visible, rows, width, pastLength, sequence),
      positionIds: tensor('int64', [rows, sequence], BigInt64Array.from({ length: rows * sequence }, (_, k) => BigInt(position + (k % sequence)))),
      past,
      logits: options.onLogits ? 'all' : 'last',
    });
    const values = logits.data as Float32Array;
    const kept = logits.dims[1]!;
    const next: number[] = [];
    for (let b = 0; b < rows; b++) {
      if (done[b]) {
        next.push(eosTokenId);
        continue;
      }
      for (let t = 0; t < kept && options.onLogits; t++) options.onLogits(firstRow + b, position + t, values.subarray((b * kept + t) * vocabSize, (b * kept + t + 1) * vocabSize));
      const last = values.subarray((b * kept + kept - 1) * vocabSize, (b * kept + kept) * vocabSize);
      const { id, logProb } = greedy(last);
      tokens[b]!.push(id);
      logProbs[b]! += logProb;
      done[b] = isStop(id);
      next.push(id);
    }
    past = present;
    pastLength += sequence;
    position += sequence;
    embeds = await model.embed(next.map((id) => [id]));
  }
  return tokens.map((ids, b) => ({ name: nameOf(model, ids), logProb: ids.length ? logProbs[b]! / ids.length : 0, tokens: ids }));
}

/**
 * The 4-D additive mask [rows, 1, sequence, pastLength + sequence] of one decoding step: each row's
 * visible cached keys (`visible`, rows × width: prefix and own region, not padding), then everything it decoded, causally.
 */
export function rowMask(visible: Uint8Array, rows: number, width: number, pastLength: number, sequence: number): Tensor {
  const total = pastLength + sequence;
  const data = new Float32Array(rows * sequence * total);
  for (let b = 0; b < rows; b++) {
    for (let t = 0; t < sequence; t++) {
      const at = (b * sequence + t) * total;
      for (let j = 0; j < total; j++) {
        const seen = j < width ? visible[b * width + j] === 1 : j <= pastLength + t;
        if (!seen) data[at + j] = maskedScore;
      }
    }
  }
  return tensor('float32', [rows, 1, sequence, total], data);
}

/** Arg-max id and its log-softmax value. */
function greedy(logits: Float32Array): { id: number; logProb: number } {
  let id = 0;
  for (let v = 1; v < logits.length; v++) if (logits[v]! > logits[id]!) id = v;
  let sum = 0;
  for (let v = 0; v < logits.length; v++) sum += Math.exp(logits[v]! - logits[id]!);
  return { id, logProb: -Math.log(sum) };
}
