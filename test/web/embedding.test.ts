/**
 * The web app's reader of the POST /v1/embed body: a well-formed body becomes a SamEmbedding whose
 * tensors view the body's floats; malformed bodies are refused with a message naming the fault.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../src/onnx/tensor.js';
import { encodeEmbedding, parseEmbedding } from '../../src/server/embedding-wire.js';

/** A body as docs/serve.md lays it out: length, space-padded JSON header, float32 data. */
function body(header: Record<string, unknown>, data: readonly number[], { pad = true } = {}): ArrayBuffer {
  let json = JSON.stringify(header);
  while (pad && (4 + json.length) % 4 !== 0) json += ' ';
  const bytes = new Uint8Array(4 + json.length + data.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, json.length, true);
  bytes.set(new TextEncoder().encode(json), 4);
  data.forEach((v, i) => view.setFloat32(4 + json.length + i * 4, v, true));
  return bytes.buffer;
}

const header = {
  format: 'owseg.sam-embedding',
  version: 1,
  layout: 'transformers-sam',
  originalSize: { width: 640, height: 480 },
  inputSize: { width: 32, height: 24 },
  padSize: 32,
  maskSize: 8,
  tensors: [
    { name: 'image_embeddings', dtype: 'float32', dims: [1, 2, 2] },
    { name: 'image_positional_embeddings', dtype: 'float32', dims: [1, 1, 2] },
  ],
};

test('a body from the contract becomes an embedding with its geometry and tensors in order', () => {
  const { embedding, maskSize } = parseEmbedding(body(header, [1, 2, 3, 4, 5.5, -6]));
  assert.equal(maskSize, 8);
  assert.equal(embedding.layout, 'transformers-sam');
  assert.deepEqual(embedding.originalSize, { width: 640, height: 480 });
  assert.deepEqual(embedding.inputSize, { width: 32, height: 24 });
  assert.equal(embedding.padSize, 32);
  assert.deepEqual(embedding.features.image_embeddings!.dims, [1, 2, 2]);
  assert.deepEqual([...embedding.features.image_embeddings!.data], [1, 2, 3, 4]);
  assert.deepEqual([...embedding.features.image_positional_embeddings!.data], [5.5, -6]);
});

test('malformed bodies are refused with what is wrong', () => {
  assert.throws(() => parseEmbedding(new ArrayBuffer(2)), /fewer than the 4-byte header length/);
  assert.throws(() => parseEmbedding(body({ ...header, format: 'other' }, [1, 2, 3, 4, 5, 6])), /expected format "owseg.sam-embedding"/);
  assert.throws(() => parseEmbedding(body({ ...header, layout: 'sam3' }, [1, 2, 3, 4, 5, 6])), /unknown layout "sam3"/);
  assert.throws(() => parseEmbedding(body(header, [1, 2, 3])), /runs past the end/);
  assert.throws(() => parseEmbedding(body(header, [1, 2, 3, 4, 5, 6, 7])), /4 bytes follow the last tensor/);
  assert.throws(() => parseEmbedding(body({ ...header, maskSize: 0 }, [1, 2, 3, 4, 5, 6])), /maskSize is 0/);
  assert.throws(() => parseEmbedding(body({ ...header, tensors: [{ name: 'x', dtype: 'int8', dims: [1] }] }, [1])), /not \{ name, dtype: "float32" or "float16", dims \}/);
});

test('reads what the server writes (encodeEmbedding), float32 views and float16 bits', () => {
  const features = {
    image_embeddings: tensor('float32', [1, 3], Float32Array.of(1, -2, 3.25)),
    high_res_feats: tensor('float16', [3], Uint16Array.of(0x3c00, 0x0000, 0xc000)),
  };
  const bytes = encodeEmbedding({ layout: 'transformers-sam2', features, originalSize: { width: 5, height: 4 }, inputSize: { width: 1024, height: 1024 }, padSize: 1024 }, 256);
  const { embedding, maskSize } = parseEmbedding(new Uint8Array(bytes).buffer);
  assert.equal(maskSize, 256);
  assert.equal(embedding.layout, 'transformers-sam2');
  assert.deepEqual(embedding.inputSize, { width: 1024, height: 1024 });
  assert.deepEqual(embedding.features.image_embeddings, features.image_embeddings);
  assert.deepEqual(embedding.features.high_res_feats, features.high_res_feats);
});
