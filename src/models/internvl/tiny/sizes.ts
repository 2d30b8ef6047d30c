/**
 * Sizes for generated InternVL checkpoints, and the config.json written for them in the published
 * layout: tiny ones for tests, and the real InternVL3-1B dimensions for benchmarks.
 */
import type { NormType } from '../config.js';

export interface InternVLSizes {
  /** vision_config.image_size: the grid the position embeddings are stored for. */
  imageSize: number;
  /** force_image_size, when the tile differs from imageSize (position embeddings are then resized). */
  forceImageSize?: number;
  patchSize: number;
  visionHidden: number;
  visionHeads: number;
  visionIntermediate: number;
  visionLayers: number;
  selectLayer: number;
  downsampleRatio: number;
  llmHidden: number;
  llmLayers: number;
  llmHeads: number;
  llmKvHeads: number;
  llmIntermediate: number;
  /** At least the tokenizer's size; the tokenizer's ids are always below it. */
  vocabSize: number;
  ropeTheta: number;
}

/** Small enough that a checkpoint is a few hundred kilobytes and converts in well under a second. */
export const tinySizes: InternVLSizes = {
  imageSize: 28,
  patchSize: 14,
  visionHidden: 32,
  visionHeads: 4,
  visionIntermediate: 64,
  visionLayers: 2,
  selectLayer: -1,
  downsampleRatio: 0.5,
  llmHidden: 32,
  llmLayers: 2,
  llmHeads: 4,
  llmKvHeads: 2,
  llmIntermediate: 48,
  vocabSize: 301,
  ropeTheta: 10000,
};

/** OpenGVLab/InternVL3-1B: InternViT-300M-448px-V2.5 and Qwen2.5-0.5B, as its config.json states them. */
export const internVL3OneBSizes: InternVLSizes = {
  imageSize: 448,
  patchSize: 14,
  visionHidden: 1024,
  visionHeads: 16,
  visionIntermediate: 4096,
  visionLayers: 24,
  selectLayer: -1,
  downsampleRatio: 0.5,
  llmHidden: 896,
  llmLayers: 24,
  llmHeads: 14,
  llmKvHeads: 2,
  llmIntermediate: 4864,
  vocabSize: 151674,
  ropeTheta: 1000000,
};

export interface ArchitectureOptions {
  normType: NormType;
  qkNorm: boolean;
  qkvBias: boolean;
  tied: boolean;
}

/** config.json content in InternVLChatConfig's layout (the fields owseg reads, plus the published defaults). */
export function internVLConfigJson(sizes: InternVLSizes, options: ArchitectureOptions): Record<string, unknown> {
  return {
    architectures: ['InternVLChatModel'],
    model_type: 'internvl_chat',
    downsample_ratio: sizes.downsampleRatio,
    dynamic_image_size: true,
    force_image_size: sizes.forceImageSize ?? sizes.imageSize,
    max_dynamic_patch: 12,
    min_dynamic_patch: 1,
    ps_version: 'v2',
    select_layer: sizes.selectLayer,
    system_message: null,
    template: 'internvl2_5',
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    use_thumbnail: true,
    llm_config: {
      architectures: ['Qwen2ForCausalLM'],
      model_type: 'qwen2',
      attention_dropout: 0.0,
      bos_token_id: 151643,
      eos_token_id: 151643,
      hidden_act: 'silu',
      hidden_size: sizes.llmHidden,
      intermediate_size: sizes.llmIntermediate,
      max_position_embeddings: 32768,
      num_attention_heads: sizes.llmHeads,
      num_hidden_layers: sizes.llmLayers,
      num_key_value_heads: sizes.llmKvHeads,
      rms_norm_eps: 1e-6,
      rope_scaling: { factor: 2.0, rope_type: 'dynamic', type: 'dynamic' },
      rope_theta: sizes.ropeTheta,
      sliding_window: null,
      tie_word_embeddings: options.tied,
      use_sliding_window: false,
      vocab_size: sizes.vocabSize,
    },
    vision_config: {
      architectures: ['InternVisionModel'],
      model_type: 'intern_vit_6b',
      attention_dropout: 0.0,
      drop_path_rate: 0.0,
      dropout: 0.0,
      hidden_act: 'gelu',
      hidden_size: sizes.visionHidden,
      image_size: sizes.imageSize,
      initializer_factor: 0.1,
      intermediate_size: sizes.visionIntermediate,
      layer_norm_eps: 1e-6,
      norm_type: options.normType,
      num_attention_heads: sizes.visionHeads,
      num_channels: 3,
      num_hidden_layers: sizes.visionLayers,
      patch_size: sizes.patchSize,
      qk_normalization: options.qkNorm,
      qkv_bias: options.qkvBias,
      use_flash_attn: false,
    },
  };
}
