/**
 * writeTinyBert: a sentence-transformers folder with a random-weight BERT encoder (ONNX built by
 * owseg's GraphBuilder) and the same weights in model.safetensors for independent oracles.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GraphBuilder, Ops } from '../../onnx/index.js';
import { writeSafetensors } from '../safetensors/writer.js';
import { tinyTokenizer } from './tiny-vocab.js';
import { seededRandom } from '../../core/random.js';

export interface TinyBertOptions {
  seed: number;
  layers?: number;
  hidden?: number;
  heads?: number;
  intermediate?: number;
  maxPositions?: number;
  /** Where the ONNX file goes; default onnx/model.onnx (the transformers.js layout). */
  modelFile?: string;
  /** Declare the token_type_ids input; default true (BERT exports have it). */
  tokenTypeIds?: boolean;
}

export interface TinyBert {
  dir: string;
  modelPath: string;
  config: { hidden_size: number; num_hidden_layers: number; num_attention_heads: number; intermediate_size: number; max_position_embeddings: number; vocab_size: number; type_vocab_size: number; layer_norm_eps: number };
}

/** HF BERT's LayerNorm epsilon and its additive mask value (torch.finfo(float32).min). */
const layerNormEps = 1e-12;
const maskValue = -3.4028234663852886e38;

/**
 * Writes the folder. model.safetensors holds the weights under transformers' BertModel names in
 * PyTorch layout (Linear weights [out, in]); the ONNX graph holds the same values, transposed for MatMul.
 */
export async function writeTinyBert(dir: string, options: TinyBertOptions): Promise<TinyBert> {
  const { tokenizerJson, tokenizerConfig, size } = tinyTokenizer();
  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: options.hidden ?? 32,
    num_hidden_layers: options.layers ?? 2,
    num_attention_heads: options.heads ?? 4,
    intermediate_size: options.intermediate ?? 64,
    hidden_act: 'gelu',
    max_position_embeddings: options.maxPositions ?? 512,
    type_vocab_size: 2,
    vocab_size: size,
    layer_norm_eps: layerNormEps,
    pad_token_id: 0,
  };
  const weights = bertWeights(config, options.seed);
  const modelPath = join(dir, options.modelFile ?? 'onnx/model.onnx');
  await mkdir(dirname(modelPath), { recursive: true });
  await mkdir(join(dir, '1_Pooling'), { recursive: true });
  const json = (file: string, value: unknown) => writeFile(join(dir, file), JSON.stringify(value, null, 2));
  await json('config.json', config);
  await json('tokenizer.json', tokenizerJson);
  await json('tokenizer_config.json', tokenizerConfig);
  await json('sentence_bert_config.json', { max_seq_length: 256, do_lower_case: false });
  await json('1_Pooling/config.json', {
    word_embedding_dimension: config.hidden_size,
    pooling_mode_cls_token: false,
    pooling_mode_mean_tokens: true,
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
  });
  await json('modules.json', [
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
  ]);
  const names = [...weights.keys()];
  await writeSafetensors(
    join(dir, 'model.safetensors'),
    names.map((name) => ({ name, dtype: 'F32' as const, shape: weights.get(name)!.shape })),
    (t) => new Uint8Array(weights.get(t.name)!.data.buffer),
  );
  await bertGraph(config, weights, options.tokenTypeIds ?? true).save(modelPath);
  return { dir, modelPath, config };
}

interface Weight {
  shape: number[];
  data: Float32Array;
}

type BertConfig = TinyBert['config'];

function bertWeights(c: BertConfig, seed: number): Map<string, Weight> {
  const weights = new Map<string, Weight>();
  const random = seededRandom(seed);
  const add = (name: string, shape: number[], centre: number, spread: number) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = centre + spread * (2 * random() - 1);
    weights.set(name, { shape, data });
  };
  const norm = (prefix: string) => {
    add(`${prefix}.weight`, [c.hidden_size], 1, 0.2);
    add(`${prefix}.bias`, [c.hidden_size], 0, 0.1);
  };
  const linear = (prefix: string, inputs: number, outputs: number) => {
    add(`${prefix}.weight`, [outputs, inputs], 0, Math.sqrt(3 / inputs));
    add(`${prefix}.bias`, [outputs], 0, 0.1);
  };
  add('embeddings.word_embeddings.weight', [c.vocab_size, c.hidden_size], 0, 1);
  add('embeddings.position_embeddings.weight', [c.max_position_embeddings, c.hidden_size], 0, 0.5);
  add('embeddings.token_type_embeddings.weight', [c.type_vocab_size, c.hidden_size], 0, 0.5);
  norm('embeddings.LayerNorm');
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    for (const proj of ['query', 'key', 'value']) linear(`${p}.attention.self.${proj}`, c.hidden_size, c.hidden_size);
    linear(`${p}.attention.output.dense`, c.hidden_size, c.hidden_size);
    norm(`${p}.attention.output.LayerNorm`);
    linear(`${p}.intermediate.dense`, c.hidden_size, c.intermediate_size);
    linear(`${p}.output.dense`, c.intermediate_size, c.hidden_size);
    norm(`${p}.output.LayerNorm`);
  }
  return weights;
}

/** transformers' BertModel forward (post-LayerNorm layers, exact GELU), last_hidden_state out. */
function bertGraph(c: BertConfig, weights: Map<string, Weight>, withTokenTypes: boolean): GraphBuilder {
  const g = new GraphBuilder('tiny_bert');
  const o = new Ops(g);
  const w = (name: string) => g.initializer(name, 'float32', weights.get(name)!.shape, weights.get(name)!.data);
  const transposed = (name: string) => {
    const { shape, data } = weights.get(name)!;
    const [rows, cols] = shape as [number, number];
    const t = new Float32Array(data.length);
    for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) t[k * rows + r] = data[r * cols + k]!;
    return g.initializer(`${name}.T`, 'float32', [cols, rows], t);
  };
  const linear = (x: string, prefix: string) => o.linear(x, transposed(`${prefix}.weight`), w(`${prefix}.bias`));
  const norm = (x: string, prefix: string) => o.layerNorm(x, w(`${prefix}.weight`), w(`${prefix}.bias`), { epsilon: layerNormEps });

  const ids = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const mask = g.input('attention_mask', 'int64', ['batch', 'sequence']);
  const positions = o.range(o.int(0), o.gather(o.shape(ids), 1), o.int(1));
  let embeddings = o.add(o.gather(w('embeddings.word_embeddings.weight'), ids), o.gather(w('embeddings.position_embeddings.weight'), positions));
  const types = withTokenTypes ? g.input('token_type_ids', 'int64', ['batch', 'sequence']) : o.mul(ids, o.int(0));
  embeddings = o.add(embeddings, o.gather(w('embeddings.token_type_embeddings.weight'), types));
  let x = norm(embeddings, 'embeddings.LayerNorm');

  // (1 − mask) · finfo.min, broadcast over heads and queries: BERT's extended attention mask.
  const additive = o.unsqueeze(o.mul(o.sub(1, o.cast(mask, 'float32')), maskValue), [1, 2]);
  const heads = c.num_attention_heads;
  const headSize = c.hidden_size / heads;
  const split = (t: string) => o.transpose(o.reshape(t, [0, 0, heads, headSize]), [0, 2, 1, 3]);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    const q = split(linear(x, `${p}.attention.self.query`));
    const k = o.transpose(o.reshape(linear(x, `${p}.attention.self.key`), [0, 0, heads, headSize]), [0, 2, 3, 1]);
    const v = split(linear(x, `${p}.attention.self.value`));
    const scores = o.add(o.mul(o.matMul(q, k), 1 / Math.sqrt(headSize)), additive);
    const context = o.reshape(o.transpose(o.matMul(o.softmax(scores, -1), v), [0, 2, 1, 3]), [0, 0, c.hidden_size]);
    const attended = norm(o.add(linear(context, `${p}.attention.output.dense`), x), `${p}.attention.output.LayerNorm`);
    const inner = o.gelu(linear(attended, `${p}.intermediate.dense`));
    x = norm(o.add(linear(inner, `${p}.output.dense`), attended), `${p}.output.LayerNorm`);
  }
  g.output(x, 'float32', ['batch', 'sequence', c.hidden_size], 'last_hidden_state');
  return g;
}
