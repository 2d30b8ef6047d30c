/**
 * `owseg convert` run as a real subprocess (the built CLI): a tiny checkpoint becomes a pack the
 * loader opens; bad input exits 3 naming the tensor and leaves no pack; usage errors exit 2.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { WEIGHT_FORMATS, loadInternVLPack, writeTinyInternVLCheckpoint } from '../../../src/models/internvl/index.js';
import { weightFormatChoices } from '../../../src/cli/models.js';
import { tempDir } from './helpers.js';

const main = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

function owseg(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ status, stdout, stderr });
    });
  });
}

/** The pack loads and gives logits for three tokens. */
async function assertPackRuns(pack: string): Promise<void> {
  const model = await loadInternVLPack(pack);
  try {
    const out = await model.decode({ inputsEmbeds: await model.embed([[1, 2, 3]]) });
    assert.deepEqual(out.logits.dims, [1, 3, 301]);
  } finally {
    await model.release();
  }
}

let root: { path: string; remove: () => Promise<void> };
let checkpoint: string;
before(async () => {
  root = await tempDir('internvl-cli');
  checkpoint = (await writeTinyInternVLCheckpoint(join(root.path, 'checkpoint'), { seed: 11, dtype: 'bfloat16', shards: 2 })).dir;
});
after(async () => {
  await root.remove();
});

describe('owseg convert', () => {
  test('writes a pack the loader opens and runs, and lists its files', async () => {
    const pack = join(root.path, 'pack');
    const { status, stdout, stderr } = await owseg('convert', checkpoint, '-o', pack);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /internvl pack, fp32 weights, 5 files/);
    assert.match(stdout, /decoder\.onnx .* sha256 [0-9a-f]{64}/);
    assert.equal(stderr, '', 'no progress bar when stderr is not a terminal');
    await assertPackRuns(pack);
    const again = await owseg('convert', checkpoint, '-o', pack);
    assert.equal(again.status, 3);
    assert.match(again.stderr, /--force/);
    assert.equal((await owseg('convert', checkpoint, '-o', pack, '--force')).status, 0);
  });

  test('a bad checkpoint exits 3 naming the problem and leaves no pack', async () => {
    const config = JSON.parse(await readFile(join(checkpoint, 'config.json'), 'utf8')) as { vision_config: Record<string, unknown> };
    config.vision_config.num_hidden_layers = 3;
    const bad = join(root.path, 'bad');
    await cp(checkpoint, bad, { recursive: true });
    await writeFile(join(bad, 'config.json'), JSON.stringify(config));
    const { status, stderr } = await owseg('convert', bad, '-o', join(root.path, 'bad-pack'));
    assert.equal(status, 3);
    assert.match(stderr, /vision_model\.encoder\.layers\.2\.attn\.qkv\.weight/);
    assert.ok(!(await readdir(root.path)).some((name) => name.includes('bad-pack')));
  });

  test('a folder that is no InternVL checkpoint, and a missing -o', async () => {
    const other = join(root.path, 'other');
    await mkdir(other);
    await writeFile(join(other, 'config.json'), JSON.stringify({ model_type: 'llama' }));
    const notInternVL = await owseg('convert', other, '-o', join(root.path, 'x'));
    assert.equal(notInternVL.status, 3);
    assert.match(notInternVL.stderr, /model_type/);
    assert.equal((await owseg('convert', checkpoint)).status, 2);
  });

  test('--weights int4 --block-size 16 writes a smaller MatMulNBits pack and records the scheme', async () => {
    const pack = join(root.path, 'pack-int4');
    const { status, stdout, stderr } = await owseg('convert', checkpoint, '-o', pack, '--weights', 'int4', '--block-size', '16');
    assert.equal(status, 0, stderr);
    assert.match(stdout, /internvl pack, int4 weights \(4-bit blocks of 16, asymmetric; LM head 8-bit; embeddings int8 per row\)/);
    const manifest = JSON.parse(await readFile(join(pack, 'owseg.json'), 'utf8')) as { weights: Record<string, unknown>; files: Record<string, { bytes: number }> };
    assert.deepEqual(manifest.weights, {
      format: 'int4',
      linear: 'MatMulNBits',
      bits: 4,
      blockSize: 16,
      symmetric: false,
      accuracyLevel: 4,
      lmHeadBits: 8,
      embeddings: 'int8 per row',
      other: 'float32',
    });
    const fp32 = JSON.parse(await readFile(join(root.path, 'pack', 'owseg.json'), 'utf8')) as { files: Record<string, { bytes: number }> };
    assert.ok(manifest.files['decoder.onnx']!.bytes < fp32.files['decoder.onnx']!.bytes / 2, 'the decoder shrinks');
    await assertPackRuns(pack);
  });

  test('weight options that do not fit: usage errors exit 2, conflicts exit 3 naming the option', async () => {
    assert.deepEqual(weightFormatChoices, WEIGHT_FORMATS, 'the CLI offers the formats the converter knows');
    const unknown = await owseg('convert', checkpoint, '-o', join(root.path, 'w1'), '--weights', 'int3');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--weights.*int3.*fp32, fp16, int8, int4/);
    const block = await owseg('convert', checkpoint, '-o', join(root.path, 'w2'), '--weights', 'int8', '--block-size', '24');
    assert.equal(block.status, 3);
    assert.match(block.stderr, /blockSize: expected a power of two, at least 16 \(got 24\)/);
    const symmetric = await owseg('convert', checkpoint, '-o', join(root.path, 'w3'), '--symmetric');
    assert.equal(symmetric.status, 3);
    assert.match(symmetric.stderr, /symmetric: expected int8 or int4 weights \(it has no meaning for fp32\)/);
    assert.ok(!(await readdir(root.path)).some((name) => /^w\d|\.w\d/.test(name)), 'nothing written');
  });
});
