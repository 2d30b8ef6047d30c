/**
 * InternVLModel: the thin runner over a pack's three sessions — images to tokens, ids to
 * embeddings, embeddings to logits with a KV cache. Task logic (naming regions etc.) lives in tasks/.
 */
import { InvalidInputError } from '../../core/errors.js';
import { checkTensor, int64Tensor, tensor, type Session, type Tensor } from '../../onnx/index.js';
import { additiveMask } from './attention-mask.js';
import { attentionsName, pastKeyName, pastValueName, presentKeyName, presentValueName } from './graphs/decoder.js';
import type { InternVLManifest, InternVLPackConfig } from './pack.js';
import type { InternVLTokenizer } from './tokenizer.js';

/** One layer's cached keys (after RoPE) and values, each [batch, kvHeads, past, headDim]. */
export interface LayerCache {
  key: Tensor;
  value: Tensor;
}

export type KVCache = LayerCache[];

export interface DecodeInput {
  /** float32 [batch, sequence, hiddenSize]. */
  inputsEmbeds: Tensor;
  /** See additiveMask: none (causal), bool 2-D / 3-D, or float32 4-D additive. */
  attentionMask?: Tensor;
  /** int64 [batch, sequence]; default past … past + sequence − 1 in every row. */
  positionIds?: Tensor;
  /** The `present` of the previous call; default empty. */
  past?: KVCache;
  /**
   * Positions whose logits and hidden states to compute: 'all' (default), only the 'last' — enough to
   * pick the next token, and far cheaper for a long prefill — or the listed positions, in that order.
   */
  logits?: 'all' | 'last' | readonly number[];
  /** Positions whose attention (per layer, averaged over heads, over past and this call's keys) to return; default none. */
  attentionRows?: readonly number[];
}

export interface DecodeOutput {
  /** float32 [batch, K, vocabSize] for the K positions `logits` asked for. */
  logits: Tensor;
  /** float32 [batch, K, hiddenSize]: the last hidden state (after the final norm) at the same positions. */
  hidden: Tensor;
  /** Per layer, float32 [batch, R, past + sequence]: softmax attention of the `attentionRows`, averaged over heads. */
  attentions: Tensor[];
  /** Keys and values of past and this call's tokens, for the next call. */
  present: KVCache;
}

export interface InternVLSessions {
  vision: Session;
  embed: Session;
  decoder: Session;
}

export class InternVLModel {
  readonly manifest: InternVLManifest;
  readonly config: InternVLPackConfig;
  readonly tokenizer: InternVLTokenizer;
  private readonly sessions: InternVLSessions;

  constructor(manifest: InternVLManifest, tokenizer: InternVLTokenizer, sessions: InternVLSessions) {
    this.manifest = manifest;
    this.config = manifest.config;
    this.tokenizer = tokenizer;
    this.sessions = sessions;
  }

  /** float32 [tiles, 3, tileSize, tileSize] (normalised pixels) → image tokens and the selected layer's patch features. */
  async encodeImages(pixelValues: Tensor): Promise<{ imageTokens: Tensor; patchFeatures: Tensor }> {
    const { tileSize } = this.config;
    checkTensor('pixelValues', pixelValues, { dtype: 'float32', dims: ['tiles', 3, tileSize, tileSize] });
    const out = await this.sessions.vision.run({ pixel_values: pixelValues });
    return { imageTokens: out.image_tokens!, patchFeatures: out.patch_features! };
  }

  /** Token ids (int64 [batch, sequence], or equal-length rows of numbers) → float32 [batch, sequence, hiddenSize]. */
  async embed(ids: Tensor | readonly (readonly number[])[]): Promise<Tensor> {
    const input = isTensor(ids) ? ids : idsTensor(ids);
    checkTensor('ids', input, { dtype: 'int64', dims: ['batch', 'sequence'] });
    const values = input.data as BigInt64Array;
    const vocab = BigInt(this.config.vocabSize);
    const bad = values.findIndex((id) => id < 0n || id >= vocab);
    if (bad >= 0) throw new InvalidInputError(`ids[${bad}]`, `a token id from 0 to ${vocab - 1n}`, `got ${values[bad]}`);
    return (await this.sessions.embed.run({ input_ids: input })).inputs_embeds!;
  }

  async decode(input: DecodeInput): Promise<DecodeOutput> {
    const { hiddenSize, numLayers, numKvHeads, headDim } = this.config;
    checkTensor('inputsEmbeds', input.inputsEmbeds, { dtype: 'float32', dims: ['batch', 'sequence', hiddenSize] });
    const [batch, sequence] = input.inputsEmbeds.dims as [number, number, number];
    const past = input.past ?? this.emptyCache(batch);
    if (past.length !== numLayers) throw new InvalidInputError('past', `${numLayers} layers of cache`, `got ${past.length}`);
    const bindings = new Map([['batch', batch]]);
    const cacheDims = ['batch', numKvHeads, 'past', headDim];
    past.forEach((layer, i) => {
      checkTensor(`past[${i}].key`, layer.key, { dtype: 'float32', dims: cacheDims }, bindings);
      checkTensor(`past[${i}].value`, layer.value, { dtype: 'float32', dims: cacheDims }, bindings);
    });
    const pastLength = past[0]?.key.dims[2] ?? 0;
    const positionIds = input.positionIds ?? defaultPositions(batch, sequence, pastLength);
    checkTensor('positionIds', positionIds, { dtype: 'int64', dims: [batch, sequence] });
    const limit = BigInt(this.config.maxPositionEmbeddings);
    const outside = (positionIds.data as BigInt64Array).findIndex((p) => p < 0n || p >= limit);
    if (outside >= 0) {
      // Past the trained length, InternVL3's dynamic rope scaling would change the frequencies the graph bakes in.
      throw new InvalidInputError(`positionIds[${outside}]`, `a position from 0 to ${limit - 1n}`, `got ${(positionIds.data as BigInt64Array)[outside]}`);
    }

    const logitsPositions = chosenPositions(input.logits ?? 'all', sequence);
    const attentionRows = checkedPositions('attentionRows', input.attentionRows ?? [], sequence);
    const feeds: Record<string, Tensor> = {
      inputs_embeds: input.inputsEmbeds,
      attention_mask: additiveMask(input.attentionMask, batch, sequence, pastLength),
      position_ids: positionIds,
      logits_positions: int64Tensor([logitsPositions.length], logitsPositions),
      attention_rows: int64Tensor([attentionRows.length], attentionRows),
    };
    past.forEach((layer, i) => {
      feeds[pastKeyName(i)] = layer.key;
      feeds[pastValueName(i)] = layer.value;
    });
    const out = await this.sessions.decoder.run(feeds);
    const present = Array.from({ length: numLayers }, (_, i) => ({ key: out[presentKeyName(i)]!, value: out[presentValueName(i)]! }));
    const attentions = Array.from({ length: numLayers }, (_, i) => out[attentionsName(i)]!);
    return { logits: out.logits!, hidden: out.hidden_states!, attentions, present };
  }

  /** A cache of zero length for `batch` sequences. */
  emptyCache(batch: number): KVCache {
    const { numLayers, numKvHeads, headDim } = this.config;
    return Array.from({ length: numLayers }, () => ({
      key: tensor('float32', [batch, numKvHeads, 0, headDim]),
      value: tensor('float32', [batch, numKvHeads, 0, headDim]),
    }));
  }

  async release(): Promise<void> {
    await Promise.all([this.sessions.vision.release(), this.sessions.embed.release(), this.sessions.decoder.release()]);
  }
}

function chosenPositions(which: DecodeInput['logits'], sequence: number): number[] {
  if (which === 'all') return Array.from({ length: sequence }, (_, i) => i);
  if (which === 'last') return [sequence - 1];
  if (!Array.isArray(which) || which.length === 0) throw new InvalidInputError('logits', '"all", "last" or a non-empty list of positions', `got ${JSON.stringify(which)}`);
  return checkedPositions('logits', which, sequence);
}

/** A copy of `positions`, each an index into this call's `sequence` tokens. */
function checkedPositions(field: string, positions: readonly number[], sequence: number): number[] {
  const bad = positions.findIndex((p) => !Number.isInteger(p) || p < 0 || p >= sequence);
  if (bad >= 0) throw new InvalidInputError(`${field}[${bad}]`, `a position from 0 to ${sequence - 1}`, `got ${JSON.stringify(positions[bad])}`);
  return [...positions];
}

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'dtype' in value && 'dims' in value && 'data' in value;
}

function idsTensor(rows: readonly (readonly number[])[]): Tensor {
  const width = rows[0]?.length ?? 0;
  rows.forEach((row, i) => {
    if (row.length !== width) throw new InvalidInputError(`ids[${i}]`, `${width} ids like row 0`, `got ${row.length}`);
  });
  return int64Tensor([rows.length, width], rows.flat());
}

function defaultPositions(batch: number, sequence: number, past: number): Tensor {
  const values = new BigInt64Array(batch * sequence);
  for (let b = 0; b < batch; b++) for (let i = 0; i < sequence; i++) values[b * sequence + i] = BigInt(past + i);
  return tensor('int64', [batch, sequence], values);
}
