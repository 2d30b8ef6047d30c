/**
 * Conversion refuses bad checkpoints before writing anything: a missing, extra, mis-shaped or
 * wrongly typed tensor, a truncated file, a config without a needed field or a tokenizer without
 * InternVL's tokens each fail naming the tensor, field or token, and leave no pack or temporary folder.
 */
import assert from 'node:assert/strict';
import { cp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../../src/models/internvl/index.js';
import { SafetensorsFile, writeSafetensors, type SafetensorsDtype } from '../../../src/models/safetensors/index.js';
import { tempDir } from './helpers.js';

let root: { path: string; remove: () => Promise<void> };
let original: string;
let count = 0;

before(async () => {
  root = await tempDir('internvl-errors');
  original = (await writeTinyInternVLCheckpoint(join(root.path, 'original'), { seed: 5 })).dir;
});
after(async () => {
  await root.remove();
});

interface StoredTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  bytes: Uint8Array;
}

/** A copy of the original checkpoint whose tensors pass through `edit`. */
async function editedCheckpoint(edit: (tensors: StoredTensor[]) => StoredTensor[]): Promise<string> {
  const dir = join(root.path, `edited-${count++}`);
  await cp(original, dir, { recursive: true });
  const path = join(dir, 'model.safetensors');
  const file = await SafetensorsFile.open(path);
  const tensors: StoredTensor[] = [];
  for (const info of file.tensors.values()) tensors.push({ name: info.name, dtype: info.dtype, shape: [...info.shape], bytes: await file.readBytes(info.name) });
  await file.close();
  const edited = edit(tensors);
  await writeSafetensors(path, edited, (t) => edited.find((e) => e.name === t.name)!.bytes);
  return dir;
}

/** Converts `checkpoint` expecting an InvalidInputError naming every part; then checks nothing was left behind. */
async function rejects(checkpoint: string, ...parts: string[]): Promise<void> {
  const pack = join(root.path, `pack-${count++}`);
  await assert.rejects(convertInternVLCheckpoint(checkpoint, pack), (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `InvalidInputError, got ${String(error)}`);
    for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" names ${part}`);
    return true;
  });
  const left = (await readdir(root.path)).filter((name) => name.includes('pack'));
  assert.deepEqual(left, [], 'no pack or partial pack folder is left');
}

const qkvWeight = 'vision_model.encoder.layers.1.attn.qkv.weight';

describe('convert refuses bad checkpoints and leaves nothing behind', () => {
  test('missing tensor', async () => {
    await rejects(await editedCheckpoint((ts) => ts.filter((t) => t.name !== qkvWeight)), qkvWeight, 'missing');
  });

  test('extra tensor', async () => {
    const extra = 'vision_model.encoder.layers.1.attn.extra.weight';
    await rejects(await editedCheckpoint((ts) => [...ts, { name: extra, dtype: 'F32', shape: [2], bytes: new Uint8Array(8) }]), extra, 'extra');
  });

  test('wrong shape', async () => {
    await rejects(
      await editedCheckpoint((ts) => ts.map((t) => (t.name === qkvWeight ? { ...t, shape: [t.shape[1]!, t.shape[0]!] } : t))),
      `${qkvWeight}.shape`,
      '[96, 32]',
    );
  });

  test('unsupported dtype', async () => {
    const name = 'language_model.model.norm.weight';
    await rejects(
      await editedCheckpoint((ts) => ts.map((t) => (t.name === name ? { ...t, dtype: 'I32' as const } : t))),
      `${name}.dtype`,
      'I32',
    );
  });

  test('truncated safetensors', async () => {
    const dir = await editedCheckpoint((ts) => ts);
    const path = join(dir, 'model.safetensors');
    await truncate(path, (await stat(path)).size - 100);
    await rejects(dir, path, 'language_model.lm_head.weight', 'truncated');
  });

  test('config.json without a needed field', async () => {
    const dir = await editedCheckpoint((ts) => ts);
    const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { llm_config: Record<string, unknown> };
    delete json.llm_config.rope_theta;
    await writeFile(join(dir, 'config.json'), JSON.stringify(json));
    await rejects(dir, 'config.json: llm_config.rope_theta: expected a number');
  });

  test('tokenizer without <IMG_CONTEXT>', async () => {
    const dir = await editedCheckpoint((ts) => ts);
    const json = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8')) as { added_tokens: { content: string }[] };
    json.added_tokens = json.added_tokens.filter((t) => t.content !== '<IMG_CONTEXT>');
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(json));
    await rejects(dir, 'tokenizer.json', '<IMG_CONTEXT>');
  });

  test('a failure while writing removes the partial pack', async () => {
    const pack = join(root.path, 'pack-interrupted');
    const interrupted = convertInternVLCheckpoint(original, pack, {
      onProgress: ({ file }) => {
        if (file === 'decoder.onnx') throw new Error('interrupted');
      },
    });
    await assert.rejects(interrupted, /interrupted/);
    assert.deepEqual((await readdir(root.path)).filter((name) => name.includes('pack')), []);
  });

  test('an existing pack folder is kept unless overwrite is asked for', async () => {
    const pack = join(root.path, 'pack-existing');
    await convertInternVLCheckpoint(original, pack);
    await assert.rejects(convertInternVLCheckpoint(original, pack), (error: unknown) => error instanceof InvalidInputError && error.message.includes('--force'));
    await convertInternVLCheckpoint(original, pack, { overwrite: true });
    assert.ok((await readdir(pack)).includes('owseg.json'));
    assert.deepEqual((await readdir(root.path)).filter((name) => name.includes('pack')), ['pack-existing']);
    await rm(pack, { recursive: true });
  });
});
