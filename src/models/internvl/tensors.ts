/**
 * The tensors an InternVL checkpoint must hold, by their published names (InternVLChatModel's
 * state dict) and shapes computed from the config, and the check of a checkpoint against them.
 */
import { InvalidInputError } from '../../core/errors.js';
import { isFloatDtype } from '../safetensors/dtypes.js';
import type { TensorInfo } from '../safetensors/header.js';
import type { InternVLConfig } from './config.js';

export interface ExpectedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** False only where the model falls back to another tensor (lm_head when embeddings are tied). */
  readonly required: boolean;
}

export const visionLayer = (i: number): string => `vision_model.encoder.layers.${i}.`;
export const llmLayer = (i: number): string => `language_model.model.layers.${i}.`;
export const embedTokensName = 'language_model.model.embed_tokens.weight';
export const lmHeadName = 'language_model.lm_head.weight';

/** Buffers some exporters saved that carry no weights (rotary tables); accepted and ignored. */
const ignorable = /\.rotary_emb\.inv_freq$/;

export function expectedTensors(config: InternVLConfig): ExpectedTensor[] {
  const out: ExpectedTensor[] = [];
  const add = (name: string, shape: number[], required = true): void => {
    out.push({ name, shape, required });
  };
  const v = config.vision;
  const positions = (v.imageSize / v.patchSize) ** 2 + 1;
  add('vision_model.embeddings.class_embedding', [1, 1, v.hiddenSize]);
  add('vision_model.embeddings.patch_embedding.weight', [v.hiddenSize, v.numChannels, v.patchSize, v.patchSize]);
  add('vision_model.embeddings.patch_embedding.bias', [v.hiddenSize]);
  add('vision_model.embeddings.position_embedding', [1, positions, v.hiddenSize]);
  for (let i = 0; i < v.numLayers; i++) {
    const p = visionLayer(i);
    add(`${p}attn.qkv.weight`, [3 * v.hiddenSize, v.hiddenSize]);
    if (v.qkvBias) add(`${p}attn.qkv.bias`, [3 * v.hiddenSize]);
    if (v.qkNorm) {
      add(`${p}attn.q_norm.weight`, [v.hiddenSize]);
      add(`${p}attn.k_norm.weight`, [v.hiddenSize]);
    }
    add(`${p}attn.proj.weight`, [v.hiddenSize, v.hiddenSize]);
    add(`${p}attn.proj.bias`, [v.hiddenSize]);
    add(`${p}mlp.fc1.weight`, [v.intermediateSize, v.hiddenSize]);
    add(`${p}mlp.fc1.bias`, [v.intermediateSize]);
    add(`${p}mlp.fc2.weight`, [v.hiddenSize, v.intermediateSize]);
    add(`${p}mlp.fc2.bias`, [v.hiddenSize]);
    for (const norm of ['norm1', 'norm2']) {
      add(`${p}${norm}.weight`, [v.hiddenSize]);
      if (v.normType === 'layer_norm') add(`${p}${norm}.bias`, [v.hiddenSize]);
    }
    add(`${p}ls1`, [v.hiddenSize]);
    add(`${p}ls2`, [v.hiddenSize]);
  }

  const l = config.llm;
  const merged = v.hiddenSize * config.shuffleFactor ** 2;
  add('mlp1.0.weight', [merged]);
  add('mlp1.0.bias', [merged]);
  add('mlp1.1.weight', [l.hiddenSize, merged]);
  add('mlp1.1.bias', [l.hiddenSize]);
  add('mlp1.3.weight', [l.hiddenSize, l.hiddenSize]);
  add('mlp1.3.bias', [l.hiddenSize]);

  const q = l.numHeads * l.headDim;
  const kv = l.numKvHeads * l.headDim;
  add(embedTokensName, [l.vocabSize, l.hiddenSize]);
  for (let i = 0; i < l.numLayers; i++) {
    const p = llmLayer(i);
    add(`${p}self_attn.q_proj.weight`, [q, l.hiddenSize]);
    add(`${p}self_attn.q_proj.bias`, [q]);
    add(`${p}self_attn.k_proj.weight`, [kv, l.hiddenSize]);
    add(`${p}self_attn.k_proj.bias`, [kv]);
    add(`${p}self_attn.v_proj.weight`, [kv, l.hiddenSize]);
    add(`${p}self_attn.v_proj.bias`, [kv]);
    add(`${p}self_attn.o_proj.weight`, [l.hiddenSize, q]);
    add(`${p}mlp.gate_proj.weight`, [l.intermediateSize, l.hiddenSize]);
    add(`${p}mlp.up_proj.weight`, [l.intermediateSize, l.hiddenSize]);
    add(`${p}mlp.down_proj.weight`, [l.hiddenSize, l.intermediateSize]);
    add(`${p}input_layernorm.weight`, [l.hiddenSize]);
    add(`${p}post_attention_layernorm.weight`, [l.hiddenSize]);
  }
  add('language_model.model.norm.weight', [l.hiddenSize]);
  add(lmHeadName, [l.vocabSize, l.hiddenSize], !l.tieWordEmbeddings);
  return out;
}

/**
 * Checks every checkpoint tensor against `expected`: a missing, wrongly shaped or non-float tensor,
 * or an unexpected one inside a module the pack builds (vision_model, mlp1, language_model), throws an InvalidInputError naming it (and
 * counting any further problems). Tensors of modules the pack does not build (training-only heads,
 * extra prompt encoders) are returned, to be skipped with a warning as transformers does.
 */
export function checkTensors(expected: readonly ExpectedTensor[], actual: ReadonlyMap<string, TensorInfo>, source: string): { unused: string[] } {
  const problems: Array<[field: string, expected: string, detail: string]> = [];
  const wanted = new Map(expected.map((t) => [t.name, t]));
  const builtModules = new Set(expected.flatMap((t) => ancestors(t.name)));
  const unused: string[] = [];
  for (const t of expected) {
    const info = actual.get(t.name);
    const shape = `[${t.shape.join(', ')}]`;
    if (!info) {
      if (t.required) problems.push([`${source}: tensor ${t.name}`, `a tensor of shape ${shape}`, 'missing']);
    } else if (!isFloatDtype(info.dtype)) {
      problems.push([`${source}: tensor ${t.name}.dtype`, 'F32, F16 or BF16', `got ${info.dtype}`]);
    } else if (info.shape.length !== t.shape.length || info.shape.some((d, i) => d !== t.shape[i])) {
      problems.push([`${source}: tensor ${t.name}.shape`, shape, `got [${info.shape.join(', ')}]`]);
    }
  }
  for (const name of actual.keys()) {
    if (wanted.has(name) || ignorable.test(name)) continue;
    if (ancestors(name).some((module) => builtModules.has(module))) {
      problems.push([`${source}: tensor ${name}`, 'only the tensors the config describes', 'unexpected extra tensor in a module the pack builds']);
    } else {
      unused.push(name);
    }
  }
  const [first] = problems;
  if (!first) return { unused };
  const [field, want, detail] = first;
  const more = problems.length > 1 ? `; and ${problems.length - 1} more problem(s)` : '';
  throw new InvalidInputError(field, want, detail + more);
}

/** One line for the unused tensors: counts per top-level module (`prompt_encoder.* (12)`). */
export function describeUnused(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) {
    const top = name.split('.')[0]!;
    counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return [...counts].map(([top, n]) => `${top}.* (${n})`).join(', ');
}

/** The modules a tensor sits in, outermost first: `a.b.c.weight` → a, a.b, a.b.c. */
function ancestors(name: string): string[] {
  const parts = name.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}
