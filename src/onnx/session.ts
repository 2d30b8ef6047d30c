/**
 * createSession: an owseg Session over an onnxruntime InferenceSession. Feeds are checked against
 * the model's input metadata before ORT runs, so bad input is reported by name, dtype and shape.
 */
import { stat } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { InvalidInputError } from '../core/errors.js';
import { elementCount, isDataType } from './dtype.js';
import { fromOrtTensor, toOrtTensor } from './ort-tensor.js';
import { requireExecutionProvider, type ExecutionProvider } from './providers.js';
import { valueInfoOf, type Session, type ValueInfo } from './session-types.js';
import { checkTensor, describeExpected, formatShape, type Tensor } from './tensor.js';

export type { Session, ValueInfo } from './session-types.js';

export interface SessionOptions {
  /** Threads inside one operator; default: ORT's choice (the physical cores). */
  threads?: number;
  /** Threads running independent operators in parallel; default: ORT's choice. */
  interOpThreads?: number;
  /** Default 'all'. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Default 'cpu'. */
  executionProvider?: ExecutionProvider;
  /**
   * ORT's own logging to stderr. Default 'fatal': every error ORT reports already reaches the
   * caller as an exception, so logging it too would only repeat it.
   */
  logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

const LOG_SEVERITY = { verbose: 0, info: 1, warning: 2, error: 3, fatal: 4 } as const;

/** Loads a model from a file (external data is found beside it) or from bytes. */
export async function createSession(model: string | Uint8Array, options: SessionOptions = {}): Promise<Session> {
  const provider = options.executionProvider ?? 'cpu';
  requireExecutionProvider(provider);
  const source = typeof model === 'string' ? `model ${model}` : 'model bytes';
  if (typeof model === 'string') {
    const info = await stat(model).catch(() => undefined);
    if (!info?.isFile()) throw new InvalidInputError(source, 'an ONNX model file', 'no such file');
  }
  const ortOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    logSeverityLevel: LOG_SEVERITY[options.logLevel ?? 'fatal'],
  };
  if (options.threads !== undefined) ortOptions.intraOpNumThreads = positiveInteger('threads', options.threads);
  if (options.interOpThreads !== undefined) ortOptions.interOpNumThreads = positiveInteger('interOpThreads', options.interOpThreads);
  let session: ort.InferenceSession;
  try {
    // ORT's overloads take a path or bytes, not their union.
    session = typeof model === 'string' ? await ort.InferenceSession.create(model, ortOptions) : await ort.InferenceSession.create(model, ortOptions);
  } catch (error) {
    const message = errorMessage(error);
    if (provider !== 'cpu' && /ExecutionProvider|adapter|CUDA|WebGPU/i.test(message)) {
      throw new InvalidInputError('executionProvider', `a working ${provider} device`, firstLine(message));
    }
    throw new InvalidInputError(source, 'an ONNX model onnxruntime can load', firstLine(message));
  }
  return new OrtSession(session);
}

class OrtSession implements Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  private readonly session: ort.InferenceSession;

  constructor(session: ort.InferenceSession) {
    this.session = session;
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
    this.inputs = session.inputMetadata.map(valueInfoOf);
    this.outputs = session.outputMetadata.map(valueInfoOf);
  }

  async run(feeds: Record<string, Tensor>, outputNames: readonly string[] = this.outputNames): Promise<Record<string, Tensor>> {
    this.checkFeeds(feeds);
    for (const name of outputNames) {
      if (!this.outputNames.includes(name)) throw new InvalidInputError(`outputNames: ${name}`, `one of the model outputs (${this.outputNames.join(', ')})`);
    }
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const name of this.inputNames) ortFeeds[name] = toOrtTensor(feeds[name]!);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(ortFeeds, [...outputNames]);
    } catch (error) {
      throw this.runError(error);
    }
    const out: Record<string, Tensor> = {};
    for (const name of outputNames) out[name] = fromOrtTensor(name, results[name]!);
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  /**
   * Every input present, nothing extra, each of the declared dtype and shape. A symbolic dim must
   * take one size across all inputs: ONNX IR says a dimension variable names one value per graph.
   */
  private checkFeeds(feeds: Record<string, Tensor>): void {
    for (const name of Object.keys(feeds)) {
      if (!this.inputNames.includes(name)) throw new InvalidInputError(`feeds.${name}`, `one of the model inputs (${this.inputNames.join(', ')})`, 'unknown input');
    }
    const bindings = new Map<string, number>();
    for (const input of this.inputs) {
      const field = `feeds.${input.name}`;
      const t = feeds[input.name];
      const expected = describeExpected(isDataType(input.dtype) ? [input.dtype] : undefined, input.dims);
      if (t === undefined) throw new InvalidInputError(field, expected, 'missing');
      if (t.data.length !== elementCount(t.dims)) {
        throw new InvalidInputError(field, expected, `data holds ${t.data.length} elements but dims ${formatShape(t.dims)} need ${elementCount(t.dims)}`);
      }
      if (!isDataType(input.dtype)) throw new InvalidInputError(field, `a ${input.dtype} tensor, which owseg cannot build`);
      checkTensor(field, t, { dtype: input.dtype, dims: input.dims }, bindings);
    }
  }

  /** ORT's own input complaints (dims it inferred, values out of range) as InvalidInputError naming the input. */
  private runError(error: unknown): Error {
    const message = firstLine(errorMessage(error));
    const named = this.inputNames.find((name) => new RegExp(`(input|for)[: ]+'?${escapeRegExp(name)}\\b`).test(message));
    if (named !== undefined) {
      const info = this.inputs.find((i) => i.name === named)!;
      return new InvalidInputError(`feeds.${named}`, describeExpected([info.dtype], info.dims), message);
    }
    return new Error(`onnxruntime failed to run the model: ${message}`, { cause: error });
  }
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(field, 'a positive integer', `got ${value}`);
  return value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of an ORT message, without the build-tree source locations ORT prefixes to it. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/\/onnxruntime_src\/\S+:\d+ /g, '').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
