/**
 * The wire format of POST /v1/embed (docs/serve.md): a length-prefixed JSON header then each
 * decoder input tensor's little-endian bytes, so a browser can feed SAM's decoder with no re-encoding.
 */
import type { SamEmbedding } from '../models/sam/index.js';
import type { Tensor } from '../onnx/tensor.js';

export const EMBEDDING_CONTENT_TYPE = 'application/vnd.owseg.sam-embedding';
export const EMBEDDING_FORMAT = 'owseg.sam-embedding';

export interface EmbeddingHeader {
  format: typeof EMBEDDING_FORMAT;
  version: 1;
  layout: SamEmbedding['layout'];
  originalSize: { width: number; height: number };
  inputSize: { width: number; height: number };
  padSize: number;
  maskSize: number;
  tensors: { name: string; dtype: 'float32' | 'float16'; dims: number[] }[];
}

/** The embedding's tensors must be float32 or float16 (bits); the machine must be little-endian, as every JS engine's typed arrays are on x86 and ARM. */
export function encodeEmbedding(embedding: SamEmbedding, maskSize: number): Buffer {
  const tensors = Object.entries(embedding.features);
  const header: EmbeddingHeader = {
    format: EMBEDDING_FORMAT,
    version: 1,
    layout: embedding.layout,
    originalSize: { width: embedding.originalSize.width, height: embedding.originalSize.height },
    inputSize: { width: embedding.inputSize.width, height: embedding.inputSize.height },
    padSize: embedding.padSize,
    maskSize,
    tensors: tensors.map(([name, tensor]) => ({ name, dtype: floatDtype(name, tensor), dims: [...tensor.dims] })),
  };
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padding = (4 - ((4 + json.length) % 4)) % 4;
  if (padding > 0) json = Buffer.concat([json, Buffer.alloc(padding, 0x20)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  const data = tensors.map(([, tensor]) => Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  return Buffer.concat([length, json, ...data]);
}

/** Reads an embedding body back: the header and each tensor (float32 as Float32Array, float16 as Uint16Array bits). */
export function decodeEmbedding(bytes: Uint8Array): { header: EmbeddingHeader; tensors: Record<string, Tensor> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new Error(`embedding body: expected at least 4 bytes, got ${bytes.byteLength}`);
  const length = view.getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as EmbeddingHeader;
  if (header.format !== EMBEDDING_FORMAT || header.version !== 1) throw new Error(`embedding body: expected format ${EMBEDDING_FORMAT} version 1`);
  const tensors: Record<string, Tensor> = {};
  let offset = bytes.byteOffset + 4 + length;
  for (const { name, dtype, dims } of header.tensors) {
    const count = dims.reduce((a, b) => a * b, 1);
    const size = count * (dtype === 'float32' ? 4 : 2);
    if (offset + size > bytes.byteOffset + bytes.byteLength) throw new Error(`embedding body: tensor ${name} runs past the end`);
    const copy = bytes.buffer.slice(offset, offset + size);
    tensors[name] = { dtype, dims, data: dtype === 'float32' ? new Float32Array(copy) : new Uint16Array(copy) };
    offset += size;
  }
  return { header, tensors };
}

function floatDtype(name: string, tensor: Tensor): 'float32' | 'float16' {
  if (tensor.dtype === 'float32' || tensor.dtype === 'float16') return tensor.dtype;
  throw new Error(`SAM embedding tensor ${name} is ${tensor.dtype}; the wire format carries float32 or float16`);
}
