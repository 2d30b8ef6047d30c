/**
 * A TextEmbedder over a sentence-transformers model exported to ONNX (the transformers.js folder
 * layout): tokenise, pad a batch, run the encoder, mean-pool over the mask, L2-normalise.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import { createSession, int32Tensor, int64Tensor, toFloat32, type Session, type SessionOptions, type Tensor } from '../../onnx/index.js';
import { requireFolderKind } from '../folder-kind.js';
import { meanPoolNormalized } from './pooling.js';
import { SentenceTokenizer } from './tokenizer.js';

export interface SentenceTransformerOptions {
  /** The ONNX file inside the folder; default onnx/model.onnx, else model.onnx. */
  modelFile?: string;
  /** Override of max_seq_length (special tokens included). */
  maxLength?: number;
  /** Texts per encoder run; default 32 (sentence-transformers' encode default). */
  batchSize?: number;
  session?: SessionOptions;
}

const requiredInputs = ['input_ids', 'attention_mask'];
const optionalInputs = ['token_type_ids'];
const outputName = 'last_hidden_state';

/**
 * Satisfies eval's TextEmbedder structurally ({ dimension, embed }); it does not import it, since
 * models sit below eval in owseg's layers.
 */
export class SentenceTransformerEmbedder {
  readonly dimension: number;
  readonly tokenizer: SentenceTokenizer;
  private readonly session: Session;
  private readonly batchSize: number;
  private readonly modelPath: string;

  constructor(session: Session, tokenizer: SentenceTokenizer, dimension: number, modelPath: string, batchSize = 32) {
    this.session = session;
    this.tokenizer = tokenizer;
    this.dimension = dimension;
    this.modelPath = modelPath;
    this.batchSize = batchSize;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) out.push(...(await this.embedBatch(texts.slice(i, i + this.batchSize))));
    return out;
  }

  /** Pads to the longest text of the batch (padding=True); padded positions have mask 0 and do not count. */
  private async embedBatch(texts: string[]): Promise<Float32Array[]> {
    const encoded = texts.map((text) => this.tokenizer.encode(text));
    const length = Math.max(...encoded.map((e) => e.ids.length));
    const pad = (values: number[], fill: number) => [...values, ...new Array<number>(length - values.length).fill(fill)];
    const ids = encoded.map((e) => pad(e.ids, this.tokenizer.padId));
    const mask = encoded.map((e) => pad(new Array<number>(e.ids.length).fill(1), 0));
    const types = encoded.map((e) => pad(e.typeIds, 0));
    const feeds: Record<string, Tensor> = {};
    const columns: Record<string, number[][]> = { input_ids: ids, attention_mask: mask, token_type_ids: types };
    for (const input of this.session.inputs) feeds[input.name] = integerTensor(input.dtype, [texts.length, length], columns[input.name]!.flat());
    const result = (await this.session.run(feeds, [outputName]))[outputName]!;
    const [b, s, d] = result.dims;
    if (result.dims.length !== 3 || b !== texts.length || s !== length || d !== this.dimension) {
      throw new InvalidInputError(`${this.modelPath}: ${outputName}`, `shape [${texts.length}, ${length}, ${this.dimension}]`, `got [${result.dims.join(', ')}]`);
    }
    return meanPoolNormalized(toFloat32(result), mask, [b, s, d]);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function integerTensor(dtype: string, dims: number[], values: number[]): Tensor {
  return dtype === 'int32' ? int32Tensor(dims, values) : int64Tensor(dims, values);
}

/**
 * Opens a sentence-transformers folder: tokenizer.json, config.json and the ONNX model are required;
 * tokenizer_config.json, sentence_bert_config.json and 1_Pooling/config.json are read when present.
 * The sequence limit follows sentence-transformers: max_seq_length from sentence_bert_config.json,
 * else min(max_position_embeddings, model_max_length).
 */
export async function loadSentenceTransformer(dir: string, options: SentenceTransformerOptions = {}): Promise<SentenceTransformerEmbedder> {
  await requireFolderKind(dir, ['sentence-transformer'], 'a sentence-transformers ONNX folder');
  const config = await readObject(join(dir, 'config.json'), true);
  const tokenizerJson = await readObject(join(dir, 'tokenizer.json'), true);
  const tokenizerConfig = await readObject(join(dir, 'tokenizer_config.json'), false);
  const sbertConfig = await readObject(join(dir, 'sentence_bert_config.json'), false);
  await checkPooling(join(dir, '1_Pooling', 'config.json'));
  const dimension = positiveInt(config.hidden_size, `${join(dir, 'config.json')}: hidden_size`);
  const maxLength =
    options.maxLength ?? optionalPositiveInt(sbertConfig.max_seq_length, 'sentence_bert_config.json: max_seq_length') ?? defaultMaxLength(config, tokenizerConfig, dir);
  positiveInt(maxLength, 'maxLength');
  // Longer sequences would index past the position embeddings and fail inside onnxruntime.
  if (typeof config.max_position_embeddings === 'number' && maxLength > config.max_position_embeddings) {
    throw new InvalidInputError('maxLength', `at most max_position_embeddings (${config.max_position_embeddings})`, `got ${maxLength}`);
  }
  const batchSize = positiveInt(options.batchSize ?? 32, 'batchSize');
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
  } catch (error) {
    throw new InvalidInputError(join(dir, 'tokenizer.json'), 'a tokenizer @huggingface/tokenizers can load', (error as Error).message);
  }
  const padToken = typeof tokenizerConfig.pad_token === 'string' ? tokenizerConfig.pad_token : '[PAD]';
  const sentenceTokenizer = new SentenceTokenizer(tokenizer, tokenizer.token_to_id(padToken) ?? 0, { maxLength, lowerCase: sbertConfig.do_lower_case === true });
  const modelPath = findModel(dir, options.modelFile);
  const session = await createSession(modelPath, options.session);
  try {
    checkSignature(session, modelPath);
  } catch (error) {
    await session.release();
    throw error;
  }
  return new SentenceTransformerEmbedder(session, sentenceTokenizer, dimension, modelPath, batchSize);
}

function findModel(dir: string, modelFile: string | undefined): string {
  const candidates = modelFile === undefined ? ['onnx/model.onnx', 'model.onnx'] : [modelFile];
  const found = candidates.map((file) => join(dir, file)).find((path) => existsSync(path));
  if (found === undefined) throw new InvalidInputError(join(dir, candidates[0]!), `an ONNX model (${candidates.join(' or ')} in ${dir})`, 'no such file');
  return found;
}

function checkSignature(session: Session, modelPath: string): void {
  for (const name of requiredInputs) {
    if (!session.inputNames.includes(name)) throw new InvalidInputError(`${modelPath}: inputs`, `${requiredInputs.join(', ')} [, ${optionalInputs.join(', ')}]`, `no ${name} among ${session.inputNames.join(', ')}`);
  }
  for (const input of session.inputs) {
    if (![...requiredInputs, ...optionalInputs].includes(input.name)) {
      throw new InvalidInputError(`${modelPath}: input ${input.name}`, `only ${[...requiredInputs, ...optionalInputs].join(', ')}`, 'an input owseg cannot fill');
    }
    if (input.dtype !== 'int64' && input.dtype !== 'int32') throw new InvalidInputError(`${modelPath}: input ${input.name}`, 'int64 or int32', `got ${input.dtype}`);
  }
  if (!session.outputNames.includes(outputName)) {
    throw new InvalidInputError(`${modelPath}: outputs`, `a ${outputName} output`, `got ${session.outputNames.join(', ')}`);
  }
}

/** owseg pools by mean only; a folder declaring another pooling would embed differently in sentence-transformers. */
async function checkPooling(path: string): Promise<void> {
  const pooling = await readObject(path, false);
  if (Object.keys(pooling).length === 0) return;
  const modes = Object.entries(pooling).filter(([key, on]) => key.startsWith('pooling_mode_') && on === true).map(([key]) => key);
  if (modes.length !== 1 || modes[0] !== 'pooling_mode_mean_tokens') {
    throw new InvalidInputError(`${path}: pooling_mode_*`, 'pooling_mode_mean_tokens alone', `got ${modes.join(', ') || 'none'}`);
  }
}

function defaultMaxLength(config: Record<string, unknown>, tokenizerConfig: Record<string, unknown>, dir: string): number {
  const positions = positiveInt(config.max_position_embeddings, `${join(dir, 'config.json')}: max_position_embeddings`);
  const modelMax = typeof tokenizerConfig.model_max_length === 'number' ? tokenizerConfig.model_max_length : Infinity;
  return Math.min(positions, modelMax);
}

async function readObject(path: string, required: boolean): Promise<Record<string, unknown>> {
  if (!required && !existsSync(path)) return {};
  const value = await readJsonFile(path);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidInputError(path, 'a JSON object');
  return value as Record<string, unknown>;
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new InvalidInputError(field, 'a positive integer', `got ${JSON.stringify(value)}`);
  return value;
}

function optionalPositiveInt(value: unknown, field: string): number | undefined {
  return value === undefined || value === null ? undefined : positiveInt(value, field);
}
