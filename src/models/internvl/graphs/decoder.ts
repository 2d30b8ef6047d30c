/**
 * decoder.onnx: the Qwen2 decoder from input embeddings to logits with a KV cache — RMSNorm,
 * rotary position embeddings, grouped-query attention under a caller-given additive mask, SwiGLU.
 */
import { GraphBuilder, Ops } from '../../../onnx/index.js';
import type { InternVLConfig } from '../config.js';
import { embedTokensName, lmHeadName, llmLayer } from '../tensors.js';
import { CheckpointWeights, type WeightSource } from './weights.js';

export const pastKeyName = (i: number): string => `past_key_values.${i}.key`;
export const pastValueName = (i: number): string => `past_key_values.${i}.value`;
export const presentKeyName = (i: number): string => `present.${i}.key`;
export const presentValueName = (i: number): string => `present.${i}.value`;
export const attentionsName = (i: number): string => `attentions.${i}`;

/**
 * `hasLmHead`: whether the checkpoint stores language_model.lm_head.weight; without it the head
 * reuses embed_tokens (tied embeddings).
 */
export function buildDecoderGraph(config: InternVLConfig, source: WeightSource, hasLmHead: boolean): GraphBuilder {
  const g = new GraphBuilder('internvl_decoder');
  const o = new Ops(g);
  const w = new CheckpointWeights(g, source);
  const l = config.llm;
  const D = l.hiddenSize;

  const embeds = g.input('inputs_embeds', 'float32', ['batch', 'sequence', D]);
  const mask = g.input('attention_mask', 'float32', ['batch', 1, 'sequence', 'total_sequence']);
  const positions = g.input('position_ids', 'int64', ['batch', 'sequence']);
  const logitsPositions = g.input('logits_positions', 'int64', ['logits_sequence']);
  // Which query rows' attention to report (grounding reads words' attention to the image); empty costs nothing.
  const attentionRows = g.input('attention_rows', 'int64', ['attention_sequence']);
  const rope = rotaryTables(o.scope('rotary'), config, positions);
  // Query heads of one KV head sit together as G·S rows, so the [S, T] mask repeats G times down the rows.
  const groups = l.numHeads / l.numKvHeads;
  const groupedMask = o.op('Tile', [mask, o.ints([1, 1, groups, 1])], {}, { name: 'mask_tile' });

  let x = embeds;
  for (let i = 0; i < l.numLayers; i++) {
    const past = {
      key: g.input(pastKeyName(i), 'float32', ['batch', l.numKvHeads, 'past_sequence', l.headDim]),
      value: g.input(pastValueName(i), 'float32', ['batch', l.numKvHeads, 'past_sequence', l.headDim]),
    };
    const layer = decoderLayer(o.scope(`layers.${i}`), w, config, i, x, rope, groupedMask, past, attentionRows, mask);
    x = layer.hidden;
    g.output(layer.attention, 'float32', ['batch', 'attention_sequence', 'total_sequence'], attentionsName(i));
    g.output(layer.key, 'float32', ['batch', l.numKvHeads, 'total_sequence', l.headDim], presentKeyName(i));
    g.output(layer.value, 'float32', ['batch', l.numKvHeads, 'total_sequence', l.headDim], presentValueName(i));
  }

  // Prefill needs only the keys and values: the head runs on the chosen positions alone, as its
  // [sequence, vocab] output is the largest tensor of a long prefill.
  const chosen = o.gather(x, logitsPositions, 1);
  const h = o.scope('norm').rmsNorm(chosen, w.tensor('language_model.model.norm.weight', [D]), { epsilon: l.rmsNormEps });
  const head = o.scope('lm_head');
  const logits = hasLmHead ? w.linear(head, h, lmHeadName, l.vocabSize, D, { lmHead: true }) : w.linear(head, h, embedTokensName, l.vocabSize, D, { as: 'lm_head.tied', lmHead: true });
  g.output(logits, 'float32', ['batch', 'logits_sequence', l.vocabSize], 'logits');
  // The last hidden state (after the final norm, as transformers reports it) at the same positions: what classifier heads read.
  g.output(h, 'float32', ['batch', 'logits_sequence', D], 'hidden_states');
  return g;
}

interface Rotary {
  cos: string;
  sin: string;
}

/**
 * cos and sin of position × inv_freq, [batch, 1, sequence, head_dim], the frequencies repeated
 * for both halves of each head (transformers' layout), inv_freq = 1 / θ^(2i/head_dim) in float32.
 */
function rotaryTables(o: Ops, config: InternVLConfig, positions: string): Rotary {
  const { headDim, ropeTheta } = config.llm;
  const half = headDim / 2;
  const f32 = Math.fround;
  const invFreq = Float32Array.from({ length: half }, (_, i) => f32(1 / f32(ropeTheta ** f32(f32(2 * i) / headDim))));
  const angles = o.mul(o.unsqueeze(o.cast(positions, 'float32'), [-1]), o.g.constant(invFreq, 'float32', [half]));
  const both = o.unsqueeze(o.concat([angles, angles], -1), [1]);
  return { cos: o.op('Cos', [both]), sin: o.op('Sin', [both]) };
}

/** x·cos + rotate_half(x)·sin, rotate_half(x) = [−x₂, x₁] over the halves of the head dimension. */
function applyRotary(o: Ops, x: string, rope: Rotary, headDim: number): string {
  const [first, second] = o.split(x, [headDim / 2, headDim / 2], -1) as [string, string];
  const rotated = o.concat([o.neg(second), first], -1);
  return o.add(o.mul(x, rope.cos), o.mul(rotated, rope.sin));
}

interface LayerResult {
  hidden: string;
  key: string;
  value: string;
  /** Attention probabilities of the asked rows, averaged over heads: [batch, rows, past + sequence]. */
  attention: string;
}

function decoderLayer(
  o: Ops,
  w: CheckpointWeights,
  config: InternVLConfig,
  index: number,
  x: string,
  rope: Rotary,
  groupedMask: string,
  past: { key: string; value: string },
  attentionRows: string,
  mask: string,
): LayerResult {
  const l = config.llm;
  const D = l.hiddenSize;
  const p = llmLayer(index);
  const a = o.scope('self_attn');
  const h = o.scope('input_layernorm').rmsNorm(x, w.tensor(`${p}input_layernorm.weight`, [D]), { epsilon: l.rmsNormEps });

  const project = (name: string, heads: number): string => {
    const width = heads * l.headDim;
    const y = w.linear(a, h, `${p}self_attn.${name}.weight`, width, D, { bias: w.tensor(`${p}self_attn.${name}.bias`, [width]) });
    return a.transpose(a.reshape(y, [0, 0, heads, l.headDim]), [0, 2, 1, 3]);
  };
  const q = applyRotary(a, project('q_proj', l.numHeads), rope, l.headDim);
  const key = a.concat([past.key, applyRotary(a, project('k_proj', l.numKvHeads), rope, l.headDim)], 2);
  const value = a.concat([past.value, project('v_proj', l.numKvHeads)], 2);

  // Grouped-query attention without copying K/V: the query heads sharing a KV head become rows.
  const keysT = a.transpose(key, [0, 1, 3, 2]);
  const grouped = a.reshape(q, [0, l.numKvHeads, -1, l.headDim]);
  const scores = a.mul(a.matMul(grouped, keysT), l.headDim ** -0.5);
  const context = a.matMul(a.softmax(a.add(scores, groupedMask), -1), value);
  // The asked rows' attention is computed again from their queries alone: a branch reading the full
  // probabilities would keep every layer's [heads, sequence, keys] tensor alive until it runs.
  const rowQueries = a.reshape(a.gather(q, attentionRows, 2), [0, l.numKvHeads, -1, l.headDim]);
  const rowMask = a.op('Tile', [a.gather(mask, attentionRows, 2), a.ints([1, 1, l.numHeads / l.numKvHeads, 1])]);
  const rowProbabilities = a.softmax(a.add(a.mul(a.matMul(rowQueries, keysT), l.headDim ** -0.5), rowMask), -1);
  // Grouped rows are (head within the group, row): back to [batch, heads, rows, keys], then the mean over heads.
  const rowsAttention = a.reduceMean(a.reshape(rowProbabilities, [0, l.numHeads, -1, 0]), [1], false);
  const heads = a.transpose(a.reshape(context, [0, l.numHeads, -1, l.headDim]), [0, 2, 1, 3]);
  const attention = w.linear(a, a.reshape(heads, [0, 0, l.numHeads * l.headDim]), `${p}self_attn.o_proj.weight`, D, l.numHeads * l.headDim);
  const afterAttention = o.add(x, attention);

  const m = o.scope('mlp');
  const h2 = o.scope('post_attention_layernorm').rmsNorm(afterAttention, w.tensor(`${p}post_attention_layernorm.weight`, [D]), { epsilon: l.rmsNormEps });
  const gate = m.silu(w.linear(m, h2, `${p}mlp.gate_proj.weight`, l.intermediateSize, D));
  const up = w.linear(m, h2, `${p}mlp.up_proj.weight`, l.intermediateSize, D);
  const mlp = w.linear(m, m.mul(gate, up), `${p}mlp.down_proj.weight`, D, l.intermediateSize);
  return { hidden: o.add(afterAttention, mlp), key, value, attention: rowsAttention };
}
