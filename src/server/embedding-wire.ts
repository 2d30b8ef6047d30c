/**
 * The wire format of POST /v1/embed (docs/serve.md): a length-prefixed JSON header then each
 * decoder input tensor's little-endian bytes. Written by the server, read by the web app: one module
 * for both, free of Node APIs, so the two sides cannot drift apart.
 */
import type { SamEmbedding } from '../models/sam/model.js';
import { SAM_LAYOUTS, type SamLayout } from '../models/sam/layouts.js';
import type { Size } from '../models/sam/preprocess.js';
import { tensor, type Tensor } from '../onnx/tensor.js';

export const EMBEDDING_CONTENT_TYPE = 'application/vnd.owseg.sam-embedding';
export const EMBEDDING_FORMAT = 'owseg.sam-embedding';

export interface EmbeddingHeader {
  format: typeof EMBEDDING_FORMAT;
  version: 1;
  layout: SamLayout;
  originalSize: Size;
  inputSize: Size;
  padSize: number;
  maskSize: number;
  tensors: { name: string; dtype: 'float32' | 'float16'; dims: number[] }[];
}

/** The embedding plus the decoder's low-resolution mask side, which the header also carries. */
export interface ReceivedEmbedding {
  embedding: SamEmbedding;
  maskSize: number;
}

/** The embedding's tensors must be float32 or float16 (bits); typed arrays are little-endian on every platform owseg runs on (x86, ARM). */
export function encodeEmbedding(embedding: SamEmbedding, maskSize: number): Uint8Array {
  const tensors = Object.entries(embedding.features);
  const header: EmbeddingHeader = {
    format: EMBEDDING_FORMAT,
    version: 1,
    layout: embedding.layout,
    originalSize: { width: embedding.originalSize.width, height: embedding.originalSize.height },
    inputSize: { width: embedding.inputSize.width, height: embedding.inputSize.height },
    padSize: embedding.padSize,
    maskSize,
    tensors: tensors.map(([name, t]) => ({ name, dtype: floatDtype(name, t), dims: [...t.dims] })),
  };
  const unpadded = new TextEncoder().encode(JSON.stringify(header));
  // Spaces pad the header so the first tensor starts 4-byte aligned and the reader can view float32 data in place.
  const json = new Uint8Array(unpadded.length + ((4 - ((4 + unpadded.length) % 4)) % 4)).fill(0x20);
  json.set(unpadded);
  const data = tensors.map(([, t]) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  const out = new Uint8Array(4 + json.length + data.reduce((sum, d) => sum + d.length, 0));
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  let offset = 4 + json.length;
  for (const d of data) {
    out.set(d, offset);
    offset += d.length;
  }
  return out;
}

/** Reads an embedding body back, checking every field so a bad body says why. */
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

function floatDtype(name: string, t: Tensor): 'float32' | 'float16' {
  if (t.dtype === 'float32' || t.dtype === 'float16') return t.dtype;
  throw new Error(`SAM embedding tensor ${name} is ${t.dtype}; the wire format carries float32 or float16`);
}
