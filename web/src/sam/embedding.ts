/**
 * Reads the body of POST /v1/embed (application/vnd.owseg.sam-embedding, docs/serve.md) into the
 * SamEmbedding that owseg's SAM decoding code takes, checking every field so a bad body says why.
 */
import type { SamEmbedding } from '../../../src/models/sam/model.js';
import { SAM_LAYOUTS, type SamLayout } from '../../../src/models/sam/layouts.js';
import type { Size } from '../../../src/models/sam/preprocess.js';
import { tensor, type Tensor } from '../../../src/onnx/tensor.js';

export const EMBEDDING_FORMAT = 'owseg.sam-embedding';

/** The embedding plus the decoder's low-resolution mask side, which the header also carries. */
export interface ReceivedEmbedding {
  embedding: SamEmbedding;
  maskSize: number;
}

export function parseEmbedding(body: ArrayBuffer): ReceivedEmbedding {
  const view = new DataView(body);
  if (body.byteLength < 4) throw embeddingError(`the body holds ${body.byteLength} bytes, fewer than the 4-byte header length`);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > body.byteLength) throw embeddingError(`the header length ${headerLength} runs past the ${body.byteLength}-byte body`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(body, 4, headerLength))) as Record<string, unknown>;
  } catch (error) {
    throw embeddingError(`the header is not JSON (${(error as Error).message})`);
  }
  if (header.format !== EMBEDDING_FORMAT || header.version !== 1) {
    throw embeddingError(`expected format "${EMBEDDING_FORMAT}" version 1, got ${JSON.stringify(header.format)} version ${JSON.stringify(header.version)}`);
  }
  const layout = header.layout as SamLayout;
  if (!SAM_LAYOUTS.includes(layout)) throw embeddingError(`unknown layout ${JSON.stringify(header.layout)}`);
  const features: Record<string, Tensor> = {};
  let offset = 4 + headerLength;
  for (const entry of listOf(header.tensors, 'tensors')) {
    const { name, dtype, dims } = entry as { name?: unknown; dtype?: unknown; dims?: unknown };
    if (typeof name !== 'string' || (dtype !== 'float32' && dtype !== 'float16') || !Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw embeddingError(`tensor entry ${JSON.stringify(entry)} is not { name, dtype: "float32" or "float16", dims }`);
    }
    const count = (dims as number[]).reduce((a, b) => a * b, 1);
    const bytes = count * (dtype === 'float32' ? 4 : 2);
    if (offset + bytes > body.byteLength) throw embeddingError(`tensor ${name} runs past the end of the body`);
    // float32 data is 4-byte aligned (the header is padded, tensors before it are float32): a view.
    // float16 bits (fp16 packs) may follow an odd count of halves, so they are copied.
    features[name] =
      dtype === 'float32'
        ? tensor('float32', dims as number[], new Float32Array(body, offset, count))
        : tensor('float16', dims as number[], new Uint16Array(body.slice(offset, offset + bytes)));
    offset += bytes;
  }
  if (offset !== body.byteLength) throw embeddingError(`${body.byteLength - offset} bytes follow the last tensor`);
  const originalSize = sizeOf(header.originalSize, 'originalSize');
  const inputSize = sizeOf(header.inputSize, 'inputSize');
  return {
    embedding: { layout, features, originalSize, inputSize, padSize: positive(header.padSize, 'padSize') },
    maskSize: positive(header.maskSize, 'maskSize'),
  };
}

function sizeOf(value: unknown, field: string): Size {
  const { width, height } = (value ?? {}) as { width?: unknown; height?: unknown };
  return { width: positive(width, `${field}.width`), height: positive(height, `${field}.height`) };
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw embeddingError(`${field} is ${JSON.stringify(value)}, not a positive integer`);
  return value;
}

function listOf(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw embeddingError(`${field} is not a list`);
  return value;
}

function embeddingError(detail: string): Error {
  return new Error(`The server's SAM embedding could not be read: ${detail}.`);
}
