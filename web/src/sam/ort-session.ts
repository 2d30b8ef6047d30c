/**
 * owseg's Session interface over an onnxruntime-web InferenceSession, so the browser runs the SAM
 * decoder through the very decoding code the server uses. The wasm files come from dist/web.
 */
import type * as Ort from 'onnxruntime-web/wasm';
import { valueInfoOf, type Session, type ValueInfo } from '../../../src/onnx/session-types.js';
import { isDataType } from '../../../src/onnx/dtype.js';
import type { Tensor } from '../../../src/onnx/tensor.js';

/** Opens a model from its bytes on the wasm backend (threads only where the page is cross-origin isolated). */
export async function createWebSession(model: Uint8Array): Promise<Session> {
  // Loaded as its own chunk: onnxruntime-web starts its wasm threads as workers of the module that
  // holds it, and those must not run the app.
  const ort = await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  try {
    return new WebSession(ort, await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
  } catch (error) {
    throw new Error(`onnxruntime-web could not load the SAM decoder: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
}

class WebSession implements Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  private readonly ort: typeof Ort;
  private readonly session: Ort.InferenceSession;

  constructor(ort: typeof Ort, session: Ort.InferenceSession) {
    this.ort = ort;
    this.session = session;
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
    this.inputs = session.inputMetadata.map(valueInfoOf);
    this.outputs = session.outputMetadata.map(valueInfoOf);
  }

  async run(feeds: Record<string, Tensor>, outputNames: readonly string[] = this.outputNames): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new this.ort.Tensor(t.dtype, t.data, t.dims);
    const results = await this.session.run(ortFeeds, [...outputNames]);
    const out: Record<string, Tensor> = {};
    for (const name of outputNames) out[name] = fromOrt(name, results[name]!);
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function fromOrt(name: string, value: Ort.OnnxValue): Tensor {
  const t = value as Ort.Tensor;
  if (!isDataType(t.type)) throw new Error(`SAM decoder output ${name} has element type ${t.type}, which owseg does not read`);
  return { dtype: t.type, dims: [...t.dims], data: t.data as Tensor['data'] };
}
