/**
 * Naming prepared regions with an InternVL model, in parallel (our cascade design: all masks in
 * one context) or sequentially (the reference's one chat call per mask); hand-written orchestration.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { InternVLModel } from '../../models/internvl/index.js';
import { decodeAnswers, type NamedRegion } from './answers.js';
import { regionSlices, sharedContext } from './context.js';
import { encodeForNaming, type RegionInput } from './encode.js';
import { namingPrompt, packInstruction } from './prompt.js';

export interface PreparedInput {
  /** Normalised whole-image tiles, float32 [tileCount, 3, S, S]. */
  tiles: Float32Array;
  tileCount: number;
  regions: readonly RegionInput[];
}

export interface NamingOptions {
  mode?: 'parallel' | 'sequential';
  /** Default 100, as the reference's evaluation. */
  maxNewTokens?: number;
  /**
   * Rough bound on the KV cache, masks and attention scores of one pass; many masks are split into
   * passes under it. Default 512 MiB: on the int4 InternVL3-1B pack, 30 masks took 173.8 s and peaked
   * at 2,516 MB against 177.6 s and 3,762 MB at 1 GiB (the passes' size barely moves the time).
   */
  memoryBudgetBytes?: number;
  /** Default: the pack's owseg.json prompts.wowseg, else the released checkpoint's training instruction. */
  instruction?: string;
  /** Called as masks are named: how many are done out of how many. */
  onProgress?: (done: number, total: number) => void;
  /** Every answer row's logits per decoded position (row = mask index), for checking against the one-sequence computation. */
  onLogits?: (row: number, position: number, logits: Float32Array) => void;
}

export const namingDefaults = { mode: 'parallel', maxNewTokens: 100, memoryBudgetBytes: 2 ** 29 } as const;

export async function namePrepared(model: InternVLModel, input: PreparedInput, options: NamingOptions = {}): Promise<NamedRegion[]> {
  const { mode, maxNewTokens, memoryBudgetBytes: budgetBytes } = { ...namingDefaults, ...options };
  if (mode !== 'parallel' && mode !== 'sequential') throw new InvalidInputError('mode', '"parallel" or "sequential"', `got ${JSON.stringify(mode)}`);
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) throw new InvalidInputError('maxNewTokens', 'a positive integer', `got ${maxNewTokens}`);
  if (!(budgetBytes > 0)) throw new InvalidInputError('memoryBudgetBytes', 'a positive number of bytes', `got ${budgetBytes}`);
  const total = input.regions.length;
  if (total === 0) return [];
  const encoded = await encodeForNaming(model, input.tiles, input.tileCount, input.regions);
  const prompt = namingPrompt(model, options.instruction ?? packInstruction(model), input.tileCount * model.config.tokensPerTile);
  const shared = await sharedContext(model, prompt, encoded.wholeImage);
  const sharedLength = prompt.shared.length;

  if (mode === 'parallel') {
    const out: NamedRegion[] = [];
    for (const group of positionGroups(model, encoded.regions, sharedLength, prompt.infix.length + maxNewTokens)) {
      // Region blocks run on from the prefix and the answers from the last block, as in the one-sequence layout.
      const regions = encoded.regions.slice(group.start, group.end);
      const slices = await regionSlices(model, prompt, shared, regions, sharedLength, budgetBytes);
      const firstPosition = sharedLength + slices.reduce((n, s) => n + s.length, 0);
      const named = await decodeAnswers(model, prompt, shared.slice, slices, {
        maxNewTokens,
        budgetBytes,
        firstPosition,
        onRows: (done) => options.onProgress?.(group.start + done, total),
        onLogits: options.onLogits && ((row, position, logits) => options.onLogits!(group.start + row, position, logits)),
      });
      out.push(...named);
    }
    return out;
  }

  // Each call is the reference's chat: whole image, one region right after it, its answer. The shared
  // prefix is the same in every call, so it is computed once.
  const out: NamedRegion[] = [];
  for (const [i, region] of encoded.regions.entries()) {
    const [slice] = await regionSlices(model, prompt, shared, [region], sharedLength, budgetBytes);
    const [named] = await decodeAnswers(model, prompt, shared.slice, [slice!], {
      maxNewTokens,
      budgetBytes,
      firstPosition: sharedLength + slice!.length,
      onLogits: options.onLogits && ((_row, position, logits) => options.onLogits!(i, position, logits)),
    });
    out.push(named!);
    options.onProgress?.(i + 1, total);
  }
  return out;
}

/**
 * Consecutive masks whose one-sequence layout (prefix, their region blocks, infix and answer) stays
 * within the model's trained positions; each group is named as its own sequence after the shared
 * prefix. Hundreds of masks at up to 258 tokens each would otherwise run past InternVL3's 32768.
 */
function positionGroups(model: InternVLModel, regions: readonly Float32Array[], sharedLength: number, answerLength: number): { start: number; end: number }[] {
  const room = model.config.maxPositionEmbeddings - sharedLength - answerLength;
  const groups: { start: number; end: number }[] = [];
  let used = 0;
  regions.forEach((tokens, i) => {
    const length = tokens.length / model.config.hiddenSize + 2;
    if (length > room) throw new InvalidInputError(`regions[${i}]`, `at most ${room - 2} tokens to fit the model's ${model.config.maxPositionEmbeddings} positions`, `it has ${length - 2}`);
    if (groups.length === 0 || used + length > room) {
      groups.push({ start: i, end: i });
      used = 0;
    }
    groups.at(-1)!.end = i + 1;
    used += length;
  });
  return groups;
}
