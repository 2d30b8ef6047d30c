/**
 * config.json parsing: InternVL3-1B's published values come out as the typed config, and every
 * missing or unusable field fails naming its path in the file.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { expectedTensors, internVL3OneBSizes, parseInternVLConfig } from '../../../src/models/internvl/index.js';
import { internVLConfigJson } from '../../../src/models/internvl/tiny/sizes.js';

const architecture = { normType: 'layer_norm', qkNorm: false, qkvBias: true, tied: false } as const;

function realConfig(): Record<string, Record<string, unknown>> {
  return internVLConfigJson(internVL3OneBSizes, architecture) as Record<string, Record<string, unknown>>;
}

function throwsNaming(json: unknown, message: string): void {
  assert.throws(
    () => parseInternVLConfig(json),
    (error: unknown) => error instanceof InvalidInputError && error.message.includes(message),
    message,
  );
}

describe('InternVL config.json', () => {
  test('InternVL3-1B: 448 px tiles of 256 tokens, InternViT-300M, Qwen2.5-0.5B', () => {
    const config = parseInternVLConfig(realConfig());
    assert.equal(config.tileSize, 448);
    assert.equal(config.patchGrid, 32);
    assert.equal(config.tokensPerTile, 256);
    assert.equal(config.shuffleFactor, 2);
    assert.equal(config.visionLayersUsed, 24);
    assert.deepEqual(
      { ...config.vision },
      { hiddenSize: 1024, numHeads: 16, headDim: 64, intermediateSize: 4096, numLayers: 24, patchSize: 14, imageSize: 448, numChannels: 3, qkvBias: true, qkNorm: false, normType: 'layer_norm', normEps: 1e-6 },
    );
    assert.deepEqual(
      { ...config.llm },
      { hiddenSize: 896, numLayers: 24, numHeads: 14, numKvHeads: 2, headDim: 64, intermediateSize: 4864, vocabSize: 151674, ropeTheta: 1e6, rmsNormEps: 1e-6, tieWordEmbeddings: false, maxPositionEmbeddings: 32768 },
    );
    assert.equal(config.template, 'internvl2_5');
    assert.equal(config.psVersion, 'v2');
  });

  test('InternVL3-1B has 938,193,024 parameters under 637 tensor names', () => {
    const tensors = expectedTensors(parseInternVLConfig(realConfig()));
    assert.equal(tensors.length, 637);
    assert.equal(tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0), 938_193_024);
    assert.ok(tensors.some((t) => t.name === 'vision_model.encoder.layers.23.attn.qkv.bias'));
    assert.ok(tensors.some((t) => t.name === 'language_model.lm_head.weight' && t.required));
  });

  test('a missing field is named with its path', () => {
    const json = realConfig();
    delete json.llm_config!.rope_theta;
    throwsNaming(json, 'config.json: llm_config.rope_theta: expected a number');
    const noHidden = realConfig();
    delete noHidden.vision_config!.hidden_size;
    throwsNaming(noHidden, 'config.json: vision_config.hidden_size: expected a positive integer');
    const noVision = realConfig();
    delete noVision.vision_config;
    throwsNaming(noVision, 'config.json: vision_config: expected an object');
  });

  test('unusable values are refused by field', () => {
    const edit = (change: (json: Record<string, Record<string, unknown>>) => void): unknown => {
      const json = realConfig();
      change(json);
      return json;
    };
    throwsNaming(edit((j) => ((j as Record<string, unknown>).downsample_ratio = 0.3)), 'downsample_ratio');
    throwsNaming(edit((j) => ((j as Record<string, unknown>).select_layer = -30)), 'select_layer');
    throwsNaming(edit((j) => (j.vision_config!.norm_type = 'batch_norm')), 'vision_config.norm_type');
    throwsNaming(edit((j) => (j.llm_config!.architectures = ['LlamaForCausalLM'])), 'llm_config.architectures');
    throwsNaming(edit((j) => (j.llm_config!.num_key_value_heads = 3)), 'llm_config.num_key_value_heads');
    throwsNaming(edit((j) => (j.llm_config!.rope_scaling = { type: 'linear', factor: 2 })), 'llm_config.rope_scaling');
    throwsNaming(edit((j) => ((j as Record<string, unknown>).force_image_size = 450)), 'force_image_size');
  });

  test('select_layer counts like a Python index into the hidden states', () => {
    const at = (selectLayer: number): number => {
      const json = realConfig() as Record<string, unknown>;
      json.select_layer = selectLayer;
      return parseInternVLConfig(json).visionLayersUsed;
    };
    assert.equal(at(-1), 24);
    assert.equal(at(-4), 21);
    assert.equal(at(6), 6);
  });

  test('tied embeddings make lm_head optional; qkv bias and q/k norm follow the config', () => {
    const json = internVLConfigJson(internVL3OneBSizes, { normType: 'rms_norm', qkNorm: true, qkvBias: false, tied: true });
    const tensors = expectedTensors(parseInternVLConfig(json));
    assert.equal(tensors.find((t) => t.name === 'language_model.lm_head.weight')?.required, false);
    assert.ok(!tensors.some((t) => t.name.endsWith('attn.qkv.bias')));
    assert.ok(!tensors.some((t) => t.name.endsWith('norm1.bias')));
    assert.ok(tensors.some((t) => t.name === 'vision_model.encoder.layers.0.attn.q_norm.weight'));
  });
});
