/**
 * The pack on disk and the runner over it: owseg.json's contents, the loader's checks (sha256,
 * size, missing file, family), the runner's input checks and attention-mask forms, the tokenizer
 * and the internvl2_5 template.
 */
import assert from 'node:assert/strict';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { tensor } from '../../../src/onnx/index.js';
import {
  additiveMask,
  chatPrompt,
  convertInternVLCheckpoint,
  expandImages,
  internvl25SystemMessage,
  loadInternVLPack,
  loadInternVLTokenizer,
  maskedScore,
  writeTinyInternVLCheckpoint,
  type InternVLManifest,
  type InternVLModel,
} from '../../../src/models/internvl/index.js';
import { SafetensorsCheckpoint } from '../../../src/models/safetensors/index.js';
import { tempDir } from './helpers.js';

let root: { path: string; remove: () => Promise<void> };
let pack: string;
let model: InternVLModel;

before(async () => {
  root = await tempDir('internvl-pack');
  const checkpoint = await writeTinyInternVLCheckpoint(join(root.path, 'checkpoint'), { seed: 9 });
  pack = join(root.path, 'pack');
  await convertInternVLCheckpoint(checkpoint.dir, pack);
  model = await loadInternVLPack(pack);
});
after(async () => {
  await model.release();
  await root.remove();
});

async function manifest(dir = pack): Promise<InternVLManifest> {
  return JSON.parse(await readFile(join(dir, 'owseg.json'), 'utf8')) as InternVLManifest;
}

/** A copy of the pack with `change` applied to it. */
async function damagedPack(name: string, change: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(root.path, name);
  await cp(pack, dir, { recursive: true });
  await change(dir);
  return dir;
}

function rejectsNaming(promise: Promise<unknown>, ...parts: string[]): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `InvalidInputError, got ${String(error)}`);
    for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" names ${part}`);
    return true;
  });
}

describe('owseg.json', () => {
  test('format, family, files with sha256 and size, the runner config, prompts and special tokens', async () => {
    const m = await manifest();
    assert.equal(m.format, 'owseg.pack');
    assert.equal(m.version, 3);
    assert.equal(m.family, 'internvl');
    assert.deepEqual(Object.keys(m.files).sort(), ['decoder.onnx', 'embed.onnx', 'tokenizer.json', 'tokenizer_config.json', 'vision.onnx']);
    for (const file of Object.values(m.files)) assert.match(file.sha256, /^[0-9a-f]{64}$/);
    assert.equal(m.template, 'internvl2_5');
    assert.equal(m.prompts.system, internvl25SystemMessage);
    assert.deepEqual(
      { tile: m.config.tileSize, tokens: m.config.tokensPerTile, hidden: m.config.hiddenSize, layers: m.config.numLayers, kv: m.config.numKvHeads, headDim: m.config.headDim, vocab: m.config.vocabSize },
      { tile: 28, tokens: 1, hidden: 32, layers: 2, kv: 2, headDim: 8, vocab: 301 },
    );
    assert.equal(m.config.imageContextTokenId, m.specialTokens['<IMG_CONTEXT>']);
    assert.equal(m.config.eosTokenId, m.specialTokens['<|im_end|>']);
  });
});

describe('loadInternVLPack checks the pack', () => {
  test('a changed file fails its sha256, naming the file', async () => {
    const dir = await damagedPack('flipped', async (d) => {
      // One low bit in the middle of the file: inside the weights, so the model still parses.
      const bytes = await readFile(join(d, 'decoder.onnx'));
      const middle = bytes.length >> 1;
      bytes[middle] = bytes[middle]! ^ 1;
      await writeFile(join(d, 'decoder.onnx'), bytes);
    });
    await rejectsNaming(loadInternVLPack(dir), 'decoder.onnx', 'sha256');
    const loaded = await loadInternVLPack(dir, { verify: false });
    await loaded.release();
  });

  test('a file of another size, a missing file, another family', async () => {
    await rejectsNaming(loadInternVLPack(await damagedPack('grown', (d) => writeFile(join(d, 'vision.onnx'), 'x'))), 'vision.onnx', 'bytes');
    await rejectsNaming(loadInternVLPack(await damagedPack('missing', (d) => rm(join(d, 'embed.onnx')))), 'embed.onnx', 'missing');
    const other = await damagedPack('family', async (d) => {
      const m = await manifest(d);
      await writeFile(join(d, 'owseg.json'), JSON.stringify({ ...m, family: 'sam' }));
    });
    await rejectsNaming(loadInternVLPack(other), 'owseg.json: family');
  });

  test('packs of an older version (no logits_positions, no hidden_states) are refused with the way out', async () => {
    for (const version of [1, 2]) {
      const old = await damagedPack(`version-${version}`, async (d) => {
        const m = await manifest(d);
        await writeFile(join(d, 'owseg.json'), JSON.stringify({ ...m, version }));
      });
      await rejectsNaming(loadInternVLPack(old), 'owseg.json: version', 'convert the checkpoint again');
    }
  });
});

describe('InternVLModel', () => {
  test('runs the three graphs: tokens, patch features, embeddings, logits and cache', async () => {
    const S = model.config.tileSize;
    const images = await model.encodeImages(tensor('float32', [3, 3, S, S]));
    assert.deepEqual(images.imageTokens.dims, [3, 1, 32]);
    assert.deepEqual(images.patchFeatures.dims, [3, 4, 32]);
    const embeds = await model.embed([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(embeds.dims, [2, 3, 32]);
    const out = await model.decode({ inputsEmbeds: embeds });
    assert.deepEqual(out.logits.dims, [2, 3, 301]);
    assert.equal(out.present.length, 2);
    assert.deepEqual(out.present[0]!.key.dims, [2, 2, 3, 8]);
    const next = await model.decode({ inputsEmbeds: await model.embed([[7], [8]]), past: out.present });
    assert.deepEqual(next.present[1]!.value.dims, [2, 2, 4, 8]);
  });

  test("logits: 'last' is the last row of 'all', with the same cache", async () => {
    const embeds = await model.embed([[3, 1, 4, 1], [5, 9, 2, 6]]);
    const all = await model.decode({ inputsEmbeds: embeds });
    const last = await model.decode({ inputsEmbeds: embeds, logits: 'last' });
    assert.deepEqual(last.logits.dims, [2, 1, 301]);
    for (const b of [0, 1]) assert.deepEqual([...last.logits.data.subarray(b * 301, (b + 1) * 301)], [...all.logits.data.subarray((b * 4 + 3) * 301, (b * 4 + 4) * 301)]);
    assert.deepEqual(last.present[1]!.key.data, all.present[1]!.key.data);
  });

  test('listed positions give those rows of logits and hidden states, in the order asked', async () => {
    const embeds = await model.embed([[3, 1, 4, 1], [5, 9, 2, 6]]);
    const all = await model.decode({ inputsEmbeds: embeds });
    const some = await model.decode({ inputsEmbeds: embeds, logits: [2, 0] });
    assert.deepEqual(some.logits.dims, [2, 2, 301]);
    assert.deepEqual(some.hidden.dims, [2, 2, 32]);
    for (const b of [0, 1]) {
      for (const [k, p] of [2, 0].entries()) {
        assert.deepEqual([...some.logits.data.subarray((b * 2 + k) * 301, (b * 2 + k + 1) * 301)], [...all.logits.data.subarray((b * 4 + p) * 301, (b * 4 + p + 1) * 301)]);
        assert.deepEqual([...some.hidden.data.subarray((b * 2 + k) * 32, (b * 2 + k + 1) * 32)], [...all.hidden.data.subarray((b * 4 + p) * 32, (b * 4 + p + 1) * 32)]);
      }
    }
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, logits: [4] }), 'logits[0]', 'from 0 to 3');
  });

  test('hidden_states is the last hidden state the logits come from: logits = hidden · lm_headᵀ', async () => {
    const checkpoint = await SafetensorsCheckpoint.open(join(root.path, 'checkpoint'));
    const head = await checkpoint.readFloat32('language_model.lm_head.weight');
    await checkpoint.close();
    const out = await model.decode({ inputsEmbeds: await model.embed([[7, 8, 9]]) });
    const hidden = out.hidden.data as Float32Array;
    const logits = out.logits.data as Float32Array;
    let worst = 0;
    for (let t = 0; t < 3; t++) {
      for (let v = 0; v < 301; v++) {
        let sum = 0;
        for (let d = 0; d < 32; d++) sum += hidden[t * 32 + d]! * head[v * 32 + d]!;
        worst = Math.max(worst, Math.abs(sum - logits[t * 301 + v]!));
      }
    }
    assert.ok(worst < 1e-4, `max |hidden · W − logits| = ${worst}`);
  });

  test('mask forms: none and an all-true 2-D mask are causal; a lower-triangular 3-D mask is too', async () => {
    const embeds = await model.embed([[10, 20, 30, 40]]);
    const causal = (await model.decode({ inputsEmbeds: embeds })).logits.data;
    const padding = tensor('bool', [1, 4], Uint8Array.of(1, 1, 1, 1));
    assert.deepEqual((await model.decode({ inputsEmbeds: embeds, attentionMask: padding })).logits.data, causal);
    const lower = tensor('bool', [1, 4, 4], Uint8Array.from({ length: 16 }, (_, k) => (k % 4 <= Math.floor(k / 4) ? 1 : 0)));
    assert.deepEqual((await model.decode({ inputsEmbeds: embeds, attentionMask: lower })).logits.data, causal);
  });

  test('additiveMask builds [batch, 1, sequence, past + sequence]', () => {
    const m = additiveMask(undefined, 1, 2, 3);
    assert.deepEqual(m.dims, [1, 1, 2, 5]);
    assert.deepEqual([...m.data], [0, 0, 0, 0, maskedScore, 0, 0, 0, 0, 0]);
    const padded = additiveMask(tensor('bool', [1, 5], Uint8Array.of(0, 1, 1, 1, 1)), 1, 2, 3);
    assert.deepEqual([...padded.data], [maskedScore, 0, 0, 0, maskedScore, maskedScore, 0, 0, 0, 0]);
    const broadcast = additiveMask(tensor('float32', [1, 1, 1, 2], Float32Array.of(0, -1)), 3, 1, 1);
    assert.deepEqual([...broadcast.data], [0, -1, 0, -1, 0, -1]);
  });

  test('bad inputs are named', async () => {
    await rejectsNaming(model.encodeImages(tensor('float32', [1, 3, 14, 14])), 'pixelValues');
    await rejectsNaming(model.embed([[1, 301]]), 'ids[1]', '300');
    const embeds = await model.embed([[1, 2]]);
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, attentionMask: tensor('bool', [1, 3]) }), 'attentionMask');
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, positionIds: tensor('int64', [1, 3]) }), 'positionIds');
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, past: model.emptyCache(2) }), 'past[0].key');
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, logits: 'first' as 'last' }), 'logits', '"last"');
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, logits: [] }), 'logits', 'non-empty');
    await rejectsNaming(model.decode({ inputsEmbeds: embeds, positionIds: tensor('int64', [1, 2], BigInt64Array.of(0n, 40000n)) }), 'positionIds[1]', '32767');
  });
});

describe('tokenizer and internvl2_5 template', () => {
  test('the chat prompt and image block, encoded with single special-token ids and decoded back', () => {
    const prompt = expandImages(chatPrompt('You are helpful.', [{ role: 'user', content: '<image>\nName the object.' }]), [2]);
    assert.equal(
      prompt,
      '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n<img><IMG_CONTEXT><IMG_CONTEXT></img>\nName the object.<|im_end|>\n<|im_start|>assistant\n',
    );
    const ids = model.tokenizer.encode(prompt);
    const special = model.tokenizer.specialTokens;
    assert.equal(ids[0], special['<|im_start|>']);
    assert.equal(ids.filter((id) => id === special['<IMG_CONTEXT>']).length, 2);
    assert.equal(model.tokenizer.decode(ids), prompt);
    assert.equal(model.tokenizer.decode(ids, { skipSpecialTokens: true }).startsWith('system\nYou are helpful.'), true);
  });

  test('a checkpoint with only vocab.json and merges.txt gets a tokenizer.json that encodes the same', async () => {
    const checkpoint = await writeTinyInternVLCheckpoint(join(root.path, 'slow-checkpoint'), { seed: 9, slowTokenizer: true });
    const slowPack = join(root.path, 'slow-pack');
    await convertInternVLCheckpoint(checkpoint.dir, slowPack);
    assert.ok('tokenizer.json' in (await manifest(slowPack)).files);
    const slow = await loadInternVLTokenizer(slowPack);
    const text = '<|im_start|>user\nWhat is in the image, and where?<img><IMG_CONTEXT></img><|im_end|>\n';
    assert.deepEqual(slow.encode(text), model.tokenizer.encode(text));
    assert.deepEqual(slow.specialTokens, model.tokenizer.specialTokens);
  });
});
