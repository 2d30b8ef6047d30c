/**
 * Safetensors reading and writing: round trips in F32/BF16/F16, header layout, sharded checkpoints,
 * and every malformed file (truncated, offsets out of range, overlaps, unknown or unsupported dtype)
 * failing with the file and tensor named.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import {
  SafetensorsCheckpoint,
  SafetensorsFile,
  encodeHeader,
  fromFloat32,
  indexFileName,
  toFloat32,
  writeSafetensors,
  type TensorToWrite,
} from '../../../src/models/safetensors/index.js';
import { tempDir } from '../internvl/helpers.js';

let dir: { path: string; remove: () => Promise<void> };
before(async () => {
  dir = await tempDir('safetensors');
});
after(async () => {
  await dir.remove();
});

const values = Float32Array.from([0, 1, -2.5, 3.140625, 1e-3, -65504, 0.1, 7]);

/** A file of the given raw header object followed by `dataBytes` zero bytes. */
async function rawFile(name: string, header: unknown, dataBytes: number): Promise<string> {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.byteLength));
  const path = join(dir.path, name);
  await writeFile(path, Buffer.concat([prefix, json, Buffer.alloc(dataBytes)]));
  return path;
}

function rejectsNaming(promise: Promise<unknown>, ...parts: string[]): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `InvalidInputError, got ${String(error)}`);
    for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" names ${part}`);
    return true;
  });
}

describe('safetensors round trip', () => {
  for (const dtype of ['F32', 'BF16', 'F16'] as const) {
    test(`${dtype}: written values read back as float32 (rounded to ${dtype})`, async () => {
      const path = join(dir.path, `round-${dtype}.safetensors`);
      const tensors: TensorToWrite[] = [
        { name: 'a', dtype, shape: [2, 4] },
        { name: 'b.scalar', dtype, shape: [] },
        { name: 'empty', dtype, shape: [0, 3] },
      ];
      const data: Record<string, Float32Array> = { a: values, 'b.scalar': Float32Array.of(-0.75), empty: new Float32Array(0) };
      await writeSafetensors(path, tensors, (t) => fromFloat32(data[t.name]!, dtype), { format: 'pt' });
      const file = await SafetensorsFile.open(path);
      try {
        assert.deepEqual([...file.tensors.keys()], ['a', 'b.scalar', 'empty']);
        assert.deepEqual(file.info('a').shape, [2, 4]);
        assert.equal(file.header.dataStart % 8, 0, 'data region starts 8-byte aligned');
        assert.deepEqual(file.header.metadata, { format: 'pt' });
        const expected = toFloat32(fromFloat32(values, dtype), dtype);
        assert.deepEqual(await file.readFloat32('a'), expected);
        assert.deepEqual(await file.readFloat32('b.scalar'), Float32Array.of(-0.75));
        assert.equal((await file.readFloat32('empty')).length, 0);
      } finally {
        await file.close();
      }
    });
  }

  test('BF16 and F16 conversion: exact for representable values, ties to even', () => {
    assert.deepEqual(toFloat32(fromFloat32(Float32Array.of(1, -2, 0.5, 65504), 'F16'), 'F16'), Float32Array.of(1, -2, 0.5, 65504));
    // 1 + 2^-8 lies halfway between two bfloat16 values: it rounds to the even one, 1.
    assert.deepEqual(toFloat32(fromFloat32(Float32Array.of(1 + 2 ** -8, 1 + 3 * 2 ** -8), 'BF16'), 'BF16'), Float32Array.of(1, 1 + 2 ** -6));
  });

  test('the header encodes offsets back to back', () => {
    const header = encodeHeader([
      { name: 'x', dtype: 'F32', shape: [3] },
      { name: 'y', dtype: 'BF16', shape: [2, 2] },
    ]);
    const length = Number(Buffer.from(header).readBigUInt64LE(0));
    const json = JSON.parse(Buffer.from(header.subarray(8, 8 + length)).toString()) as Record<string, { data_offsets: number[] }>;
    assert.deepEqual(json.x!.data_offsets, [0, 12]);
    assert.deepEqual(json.y!.data_offsets, [12, 20]);
  });
});

describe('malformed safetensors files name the file and the tensor', () => {
  test('truncated data', async () => {
    const path = join(dir.path, 'truncated.safetensors');
    await writeSafetensors(path, [{ name: 'first', dtype: 'F32', shape: [4] }, { name: 'second.weight', dtype: 'F32', shape: [64] }], (t) =>
      new Uint8Array(t.shape[0]! * 4),
    );
    const { size } = await stat(path);
    await truncate(path, size - 10);
    await rejectsNaming(SafetensorsFile.open(path), path, 'second.weight', 'truncated');
  });

  test('truncated header', async () => {
    const path = join(dir.path, 'short-header.safetensors');
    const full = await readFile(await rawFile('full.safetensors', { t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 4));
    await writeFile(path, full.subarray(0, 20));
    await rejectsNaming(SafetensorsFile.open(path), path, 'truncated');
  });

  test('offsets out of range', async () => {
    const path = await rawFile('range.safetensors', { w: { dtype: 'F32', shape: [2], data_offsets: [100, 108] } }, 16);
    await rejectsNaming(SafetensorsFile.open(path), path, 'tensor w', 'out of range');
  });

  test('offsets that do not match the shape', async () => {
    const path = await rawFile('size.safetensors', { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }, 16);
    await rejectsNaming(SafetensorsFile.open(path), path, 'tensor w.data_offsets', '16 bytes');
  });

  test('overlapping tensors', async () => {
    const path = await rawFile('overlap.safetensors', { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, 12);
    await rejectsNaming(SafetensorsFile.open(path), path, 'tensor b', 'overlaps a');
  });

  test('a dtype the format does not define', async () => {
    const path = await rawFile('unknown.safetensors', { q: { dtype: 'Q4_K', shape: [2], data_offsets: [0, 2] } }, 2);
    await rejectsNaming(SafetensorsFile.open(path), path, 'tensor q.dtype', 'Q4_K');
  });

  test('reading an integer tensor as float32', async () => {
    const path = await rawFile('int.safetensors', { ids: { dtype: 'I32', shape: [2], data_offsets: [0, 8] } }, 8);
    const file = await SafetensorsFile.open(path);
    try {
      await rejectsNaming(file.readFloat32('ids'), path, 'tensor ids.dtype', 'I32');
    } finally {
      await file.close();
    }
  });

  test('a file shorter than the length prefix, and a header that is not JSON', async () => {
    const tiny = join(dir.path, 'tiny.safetensors');
    await writeFile(tiny, Buffer.from([1, 2, 3]));
    await rejectsNaming(SafetensorsFile.open(tiny), tiny, '8-byte');
    const bad = join(dir.path, 'bad-json.safetensors');
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(5n);
    await writeFile(bad, Buffer.concat([prefix, Buffer.from('{nope')]));
    await rejectsNaming(SafetensorsFile.open(bad), bad, 'JSON');
  });
});

describe('sharded checkpoints', () => {
  async function shardedCheckpoint(name: string, weightMap: Record<string, string>): Promise<string> {
    const root = join(dir.path, name);
    await mkdir(root);
    await writeSafetensors(join(root, 'model-1.safetensors'), [{ name: 'x', dtype: 'F32', shape: [2] }], () => fromFloat32(Float32Array.of(1, 2), 'F32'));
    await writeSafetensors(join(root, 'model-2.safetensors'), [{ name: 'y', dtype: 'BF16', shape: [1] }], () => fromFloat32(Float32Array.of(3), 'BF16'));
    await writeFile(join(root, indexFileName), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    return root;
  }

  test('tensors from every shard, through the index', async () => {
    const root = await shardedCheckpoint('sharded', { x: 'model-1.safetensors', y: 'model-2.safetensors' });
    const checkpoint = await SafetensorsCheckpoint.open(root);
    try {
      assert.deepEqual([...checkpoint.tensors.keys()].sort(), ['x', 'y']);
      assert.deepEqual(await checkpoint.readFloat32('x'), Float32Array.of(1, 2));
      assert.deepEqual(await checkpoint.readFloat32('y'), Float32Array.of(3));
      assert.equal(checkpoint.paths.length, 2);
    } finally {
      await checkpoint.close();
    }
  });

  test('an index that puts a tensor in the wrong shard, or lists one no shard has', async () => {
    await rejectsNaming(SafetensorsCheckpoint.open(await shardedCheckpoint('swapped', { x: 'model-2.safetensors', y: 'model-1.safetensors' })), indexFileName, 'weight_map.y', 'model-2');
    await rejectsNaming(
      SafetensorsCheckpoint.open(await shardedCheckpoint('ghost', { x: 'model-1.safetensors', y: 'model-2.safetensors', z: 'model-2.safetensors' })),
      'tensor z',
    );
  });

  test('a folder without weights', async () => {
    await rejectsNaming(SafetensorsCheckpoint.open(dir.path), 'model.safetensors');
  });
});
