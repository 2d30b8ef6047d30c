/**
 * The InternVL checkpoint's config.json (InternVLChatConfig with an InternViT vision config and a
 * Qwen2 LLM config) read into a typed config: every size comes from the file, never from a default.
 */
import { JsonFields } from './json-fields.js';

export type NormType = 'layer_norm' | 'rms_norm';

export interface InternVisionConfig {
  readonly hiddenSize: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly numLayers: number;
  readonly patchSize: number;
  /** The size the position embeddings were trained for (`vision_config.image_size`). */
  readonly imageSize: number;
  readonly numChannels: number;
  readonly qkvBias: boolean;
  /** RMSNorm on the full query and key vectors before the heads are split (`qk_normalization`). */
  readonly qkNorm: boolean;
  readonly normType: NormType;
  readonly normEps: number;
}

export interface QwenConfig {
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
  readonly ropeTheta: number;
  readonly rmsNormEps: number;
  /** lm_head shares embed_tokens' weights when the checkpoint has no lm_head of its own. */
  readonly tieWordEmbeddings: boolean;
  /** Positions past this would change the rotary frequencies under dynamic rope scaling. */
  readonly maxPositionEmbeddings: number;
}

export interface InternVLConfig {
  readonly vision: InternVisionConfig;
  readonly llm: QwenConfig;
  /** Side of one square tile fed to the vision encoder (`force_image_size`, else `vision_config.image_size`). */
  readonly tileSize: number;
  /** Patches per tile side (tileSize / patchSize). */
  readonly patchGrid: number;
  /** The published `select_layer`: −1 is the last encoder layer. */
  readonly selectLayer: number;
  /** How many encoder layers run to reach the selected layer's output. */
  readonly visionLayersUsed: number;
  readonly downsampleRatio: number;
  /** Patches merged per side by the pixel shuffle (1 / downsample_ratio). */
  readonly shuffleFactor: number;
  readonly psVersion: 'v1' | 'v2';
  /** Tokens one tile becomes in the LLM: (patchGrid / shuffleFactor)². */
  readonly tokensPerTile: number;
  readonly template: string;
  /** `system_message` from the file when set; the template's own otherwise. */
  readonly systemMessage: string | null;
  readonly dynamicImageSize: boolean;
  readonly useThumbnail: boolean;
  readonly minDynamicPatch: number;
  readonly maxDynamicPatch: number;
}

/** Parses config.json's content; `file` names it in errors. */
export function parseInternVLConfig(json: unknown, file = 'config.json'): InternVLConfig {
  const root = new JsonFields(file, json);
  const vision = parseVision(root.object('vision_config'));
  const llm = parseQwen(root.object('llm_config'));

  const tileSize = root.optional('force_image_size', (k) => root.size(k), vision.imageSize);
  if (tileSize % vision.patchSize !== 0) {
    throw root.error('force_image_size', `a multiple of vision_config.patch_size (${vision.patchSize})`, `got ${tileSize}`);
  }
  const patchGrid = tileSize / vision.patchSize;
  if (vision.imageSize % vision.patchSize !== 0) {
    throw root.error('vision_config.image_size', `a multiple of vision_config.patch_size (${vision.patchSize})`, `got ${vision.imageSize}`);
  }

  const downsampleRatio = root.number('downsample_ratio');
  const shuffleFactor = Math.round(1 / downsampleRatio);
  if (!(downsampleRatio > 0) || Math.abs(shuffleFactor * downsampleRatio - 1) > 1e-9) {
    throw root.error('downsample_ratio', 'the reciprocal of a whole number (0.5 merges 2×2 patches)', `got ${downsampleRatio}`);
  }
  if (patchGrid % shuffleFactor !== 0) {
    throw root.error('downsample_ratio', `a ratio that divides the ${patchGrid}-patch grid evenly`, `got ${downsampleRatio}`);
  }

  const selectLayer = root.integer('select_layer');
  const visionLayersUsed = selectLayer < 0 ? vision.numLayers + 1 + selectLayer : selectLayer;
  if (visionLayersUsed < 1 || visionLayersUsed > vision.numLayers) {
    throw root.error('select_layer', `a layer index from ${-vision.numLayers} to -1 or 1 to ${vision.numLayers}`, `got ${selectLayer}`);
  }

  return {
    vision,
    llm,
    tileSize,
    patchGrid,
    selectLayer,
    visionLayersUsed,
    downsampleRatio,
    shuffleFactor,
    psVersion: root.choice('ps_version', ['v1', 'v2'] as const),
    tokensPerTile: (patchGrid / shuffleFactor) ** 2,
    template: root.string('template'),
    systemMessage: root.optional('system_message', (k) => root.string(k), null),
    dynamicImageSize: root.optional('dynamic_image_size', (k) => root.boolean(k), false),
    useThumbnail: root.optional('use_thumbnail', (k) => root.boolean(k), false),
    minDynamicPatch: root.optional('min_dynamic_patch', (k) => root.size(k), 1),
    maxDynamicPatch: root.optional('max_dynamic_patch', (k) => root.size(k), 6),
  };
}

function parseVision(v: JsonFields): InternVisionConfig {
  const hiddenSize = v.size('hidden_size');
  const numHeads = v.size('num_attention_heads');
  if (hiddenSize % numHeads !== 0) throw v.error('num_attention_heads', `a divisor of hidden_size (${hiddenSize})`, `got ${numHeads}`);
  // Only exact (erf) GELU is built; the choice check rejects anything else by name.
  v.optional('hidden_act', (k) => v.choice(k, ['gelu'] as const), 'gelu');
  const numChannels = v.optional('num_channels', (k) => v.size(k), 3);
  if (numChannels !== 3) throw v.error('num_channels', '3 (RGB)', `got ${numChannels}`);
  return {
    hiddenSize,
    numHeads,
    headDim: hiddenSize / numHeads,
    intermediateSize: v.size('intermediate_size'),
    numLayers: v.size('num_hidden_layers'),
    patchSize: v.size('patch_size'),
    imageSize: v.size('image_size'),
    numChannels,
    qkvBias: v.boolean('qkv_bias'),
    qkNorm: v.boolean('qk_normalization'),
    normType: v.choice('norm_type', ['layer_norm', 'rms_norm'] as const),
    normEps: v.number('layer_norm_eps'),
  };
}

function parseQwen(l: JsonFields): QwenConfig {
  const architecture = (l.value.architectures as unknown[] | undefined)?.[0];
  if (architecture !== 'Qwen2ForCausalLM') {
    throw l.error('architectures', '["Qwen2ForCausalLM"] (owseg converts InternVL checkpoints with a Qwen2 LLM)', `got ${JSON.stringify(l.value.architectures)}`);
  }
  const hiddenSize = l.size('hidden_size');
  const numHeads = l.size('num_attention_heads');
  const numKvHeads = l.size('num_key_value_heads');
  if (numHeads % numKvHeads !== 0) throw l.error('num_key_value_heads', `a divisor of num_attention_heads (${numHeads})`, `got ${numKvHeads}`);
  const headDim = l.optional('head_dim', (k) => l.size(k), hiddenSize / numHeads);
  if (!Number.isInteger(headDim) || headDim % 2 !== 0) {
    throw l.error('num_attention_heads', 'a head count giving an even head size (rotary embeddings rotate pairs)', `got ${numHeads}`);
  }
  l.optional('hidden_act', (k) => l.choice(k, ['silu'] as const), 'silu');
  if (l.optional('use_sliding_window', (k) => l.boolean(k), false)) {
    throw l.error('use_sliding_window', 'false (sliding-window attention is not supported)');
  }
  checkRopeScaling(l);
  return {
    hiddenSize,
    numLayers: l.size('num_hidden_layers'),
    numHeads,
    numKvHeads,
    headDim,
    intermediateSize: l.size('intermediate_size'),
    vocabSize: l.size('vocab_size'),
    ropeTheta: l.number('rope_theta'),
    rmsNormEps: l.number('rms_norm_eps'),
    tieWordEmbeddings: l.optional('tie_word_embeddings', (k) => l.boolean(k), false),
    maxPositionEmbeddings: l.size('max_position_embeddings'),
  };
}

/**
 * Plain rotary frequencies are all owseg builds. "dynamic" NTK scaling (InternVL3's setting)
 * leaves them unchanged up to max_position_embeddings, so it is accepted; other kinds are not.
 */
function checkRopeScaling(l: JsonFields): void {
  if (!l.has('rope_scaling')) return;
  const scaling = l.object('rope_scaling');
  const kind = scaling.value.rope_type ?? scaling.value.type;
  if (kind !== 'dynamic' && kind !== 'default') {
    throw l.error('rope_scaling', 'null or a "dynamic" scaling', `got ${JSON.stringify(l.value.rope_scaling)}`);
  }
}

/** Whether a parsed config.json describes an InternVL chat checkpoint (InternVLChatConfig). */
export function isInternVLConfig(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const { model_type: modelType, architectures } = json as { model_type?: unknown; architectures?: unknown };
  return modelType === 'internvl_chat' || (Array.isArray(architectures) && architectures.includes('InternVLChatModel'));
}
