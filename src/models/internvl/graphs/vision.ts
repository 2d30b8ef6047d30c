/**
 * vision.onnx: InternViT on square tiles, the selected layer's patch features, the pixel shuffle
 * and the mlp1 projector into the LLM width — InternVLChatModel.extract_feature as one graph.
 */
import { torchInterpolate } from '../../../core/image/torch-interpolate.js';
import { GraphBuilder, Ops } from '../../../onnx/index.js';
import type { InternVLConfig } from '../config.js';
import { visionLayer } from '../tensors.js';
import { CheckpointWeights, type WeightSource } from './weights.js';

/** nn.LayerNorm's default epsilon: mlp1's LayerNorm is built without one from the config. */
const projectorNormEps = 1e-5;

export function buildVisionGraph(config: InternVLConfig, source: WeightSource): GraphBuilder {
  const g = new GraphBuilder('internvl_vision');
  const o = new Ops(g);
  const w = new CheckpointWeights(g, source);
  const v = config.vision;
  const D = v.hiddenSize;
  const S = config.tileSize;
  const grid = config.patchGrid;

  const pixels = g.input('pixel_values', 'float32', ['tiles', 3, S, S]);
  const e = o.scope('embeddings');
  const patches = e.conv(
    pixels,
    w.tensor('vision_model.embeddings.patch_embedding.weight', [D, 3, v.patchSize, v.patchSize]),
    w.tensor('vision_model.embeddings.patch_embedding.bias', [D]),
    { strides: [v.patchSize, v.patchSize], kernelShape: [v.patchSize, v.patchSize] },
  );
  const tokens = e.transpose(e.reshape(patches, [0, 0, -1]), [0, 2, 1]);
  const classEmbedding = w.tensor('vision_model.embeddings.class_embedding', [1, 1, D]);
  const classTokens = e.expand(classEmbedding, e.concat([e.shape(tokens, 0, 1), e.ints([1, D])], 0));
  let x = e.add(e.concat([classTokens, tokens], 1), positionEmbedding(w, source.read, config));

  for (let i = 0; i < config.visionLayersUsed; i++) x = encoderLayer(o.scope(`encoder.layers.${i}`), w, config, i, x);

  const features = o.slice(x, [1], [Infinity], [1]);
  g.output(features, 'float32', ['tiles', grid * grid, D], 'patch_features');
  const shuffled = pixelShuffle(o.scope('pixel_shuffle'), config, features);
  g.output(projector(o.scope('mlp1'), w, config, shuffled), 'float32', ['tiles', config.tokensPerTile, config.llm.hiddenSize], 'image_tokens');
  return g;
}

/**
 * [1, 1 + grid², D]: stored for vision_config.image_size; when the tile size differs, the patch
 * part is resized with torch's bicubic interpolation, as InternVisionEmbeddings does at run time.
 */
function positionEmbedding(w: CheckpointWeights, read: WeightSource['read'], config: InternVLConfig): string {
  const name = 'vision_model.embeddings.position_embedding';
  const D = config.vision.hiddenSize;
  const stored = config.vision.imageSize / config.vision.patchSize;
  const grid = config.patchGrid;
  if (stored === grid) return w.tensor(name, [1, grid * grid + 1, D]);
  return w.derived(`${name}.resized`, [1, grid * grid + 1, D], async () => {
    const table = await read(name);
    const resized = torchInterpolate({ width: stored, height: stored, channels: D, data: table.subarray(D) }, grid, grid, 'bicubic');
    const out = new Float32Array((grid * grid + 1) * D);
    out.set(table.subarray(0, D));
    out.set(resized.data, D);
    return out;
  });
}

/** x + ls1·attn(norm1(x)), then + ls2·mlp(norm2(x)) (InternVisionEncoderLayer). */
function encoderLayer(o: Ops, w: CheckpointWeights, config: InternVLConfig, index: number, x: string): string {
  const v = config.vision;
  const p = visionLayer(index);
  const attention = attentionBlock(o.scope('attn'), w, config, p, norm(o.scope('norm1'), w, config, `${p}norm1`, x));
  const afterAttention = o.add(x, o.mul(attention, w.tensor(`${p}ls1`, [v.hiddenSize])));
  const h = norm(o.scope('norm2'), w, config, `${p}norm2`, afterAttention);
  const m = o.scope('mlp');
  const fc1 = w.linear(m, h, `${p}mlp.fc1.weight`, v.intermediateSize, v.hiddenSize, { bias: w.tensor(`${p}mlp.fc1.bias`, [v.intermediateSize]) });
  const mlp = w.linear(m, m.gelu(fc1), `${p}mlp.fc2.weight`, v.hiddenSize, v.intermediateSize, { bias: w.tensor(`${p}mlp.fc2.bias`, [v.hiddenSize]) });
  return o.add(afterAttention, o.mul(mlp, w.tensor(`${p}ls2`, [v.hiddenSize])));
}

function norm(o: Ops, w: CheckpointWeights, config: InternVLConfig, name: string, x: string): string {
  const { hiddenSize, normType, normEps } = config.vision;
  const scale = w.tensor(`${name}.weight`, [hiddenSize]);
  if (normType === 'rms_norm') return o.rmsNorm(x, scale, { epsilon: normEps });
  return o.layerNorm(x, scale, w.tensor(`${name}.bias`, [hiddenSize]), { epsilon: normEps });
}

/**
 * Full (non-causal) multi-head attention. One qkv projection laid out [q | k | v]; with
 * qk_normalization, q and k are RMS-normalised over all heads together before the split into heads.
 */
function attentionBlock(o: Ops, w: CheckpointWeights, config: InternVLConfig, p: string, x: string): string {
  const { hiddenSize: D, numHeads: H, headDim, qkvBias, qkNorm, normEps } = config.vision;
  const qkv = w.linear(o, x, `${p}attn.qkv.weight`, 3 * D, D, qkvBias ? { bias: w.tensor(`${p}attn.qkv.bias`, [3 * D]) } : {});
  const [qRaw, kRaw, v] = o.split(qkv, [D, D, D], -1) as [string, string, string];
  const q = qkNorm ? o.rmsNorm(qRaw, w.tensor(`${p}attn.q_norm.weight`, [D]), { epsilon: normEps }) : qRaw;
  const k = qkNorm ? o.rmsNorm(kRaw, w.tensor(`${p}attn.k_norm.weight`, [D]), { epsilon: normEps }) : kRaw;
  const heads = (t: string, perm: number[]): string => o.transpose(o.reshape(t, [0, 0, H, headDim]), perm);
  const scores = o.matMul(o.mul(heads(q, [0, 2, 1, 3]), headDim ** -0.5), heads(k, [0, 2, 3, 1]));
  const context = o.matMul(o.softmax(scores, -1), heads(v, [0, 2, 1, 3]));
  const merged = o.reshape(o.transpose(context, [0, 2, 1, 3]), [0, 0, D]);
  return w.linear(o, merged, `${p}attn.proj.weight`, D, D, { bias: w.tensor(`${p}attn.proj.bias`, [D]) });
}

/**
 * [tiles, grid², D] → [tiles, (grid/r)², r²·D]: each r×r block of patches becomes one token whose
 * channels are the block's patches in raster order. v2 keeps tokens in raster order; v1 leaves
 * the token grid transposed, as the published pixel_shuffle does without its final permute.
 */
function pixelShuffle(o: Ops, config: InternVLConfig, features: string): string {
  const r = config.shuffleFactor;
  const D = config.vision.hiddenSize;
  const cells = config.patchGrid / r;
  const blocks = o.reshape(features, [0, cells, r, cells, r, D]);
  const perm = config.psVersion === 'v2' ? [0, 1, 3, 2, 4, 5] : [0, 3, 1, 2, 4, 5];
  return o.reshape(o.transpose(blocks, perm), [0, cells * cells, r * r * D]);
}

/** mlp1: LayerNorm → Linear → GELU → Linear into the LLM width. */
function projector(o: Ops, w: CheckpointWeights, config: InternVLConfig, x: string): string {
  const merged = config.vision.hiddenSize * config.shuffleFactor ** 2;
  const L = config.llm.hiddenSize;
  const normed = o.layerNorm(x, w.tensor('mlp1.0.weight', [merged]), w.tensor('mlp1.0.bias', [merged]), { epsilon: projectorNormEps });
  const hidden = o.gelu(w.linear(o, normed, 'mlp1.1.weight', L, merged, { bias: w.tensor('mlp1.1.bias', [L]) }));
  return w.linear(o, hidden, 'mlp1.3.weight', L, L, { bias: w.tensor('mlp1.3.bias', [L]) });
}
