/**
 * Pulling models from a fake Hub on 127.0.0.1: only the files each loader needs, the cache laid out
 * as huggingface_hub lays it out, and what a pulled model loads into.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HubError, pullModel, resolveModel, repoFolderName } from '../../src/hub/index.js';
import { loadInternVLPack } from '../../src/models/internvl/index.js';
import { loadSam } from '../../src/models/sam/index.js';
import { loadSentenceTransformer } from '../../src/models/text/index.js';
import { gitBlobId } from '../helpers/fake-hub.js';
import { useFixtureHub } from './helpers.js';

const shared = useFixtureHub();

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('pull', () => {
  test('slimsam: the fp32 graphs and configs only, in huggingface_hub\'s cache layout', async () => {
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings });
    const repo = 'Xenova/slimsam-77-uniform';
    const commit = shared.fixture.commits.get(repo)!;
    assert.equal(pulled.commit, commit);
    assert.equal(pulled.repo, repo);
    assert.equal(pulled.family, 'sam');
    assert.equal(pulled.samVariant, '');
    const root = join(shared.caches.settings.cacheDir!, repoFolderName(repo));
    assert.equal(root.endsWith('models--Xenova--slimsam-77-uniform'), true);
    assert.equal(pulled.dir, join(root, 'snapshots', commit));
    assert.equal(await readFile(join(root, 'refs', 'main'), 'utf8'), commit);

    const files = shared.fixture.files.get(repo)!;
    const snapshot = join(root, 'snapshots', commit);
    const linked = (await readdir(snapshot, { recursive: true })).filter((p) => p !== 'onnx').sort();
    assert.deepEqual(linked, ['config.json', 'onnx/prompt_encoder_mask_decoder.onnx', 'onnx/vision_encoder.onnx', 'preprocessor_config.json']);
    for (const path of linked) {
      const link = join(snapshot, path);
      assert.ok((await lstat(link)).isSymbolicLink(), `${path} is a symlink`);
      const target = await readlink(link);
      assert.ok(!target.startsWith('/'), `${path} links relatively (${target})`);
      const bytes = files[path]!;
      const etag = path.endsWith('.onnx') ? sha256(bytes) : gitBlobId(bytes);
      assert.equal(await realpath(link), await realpath(join(root, 'blobs', etag)), `${path} → blobs/<${path.endsWith('.onnx') ? 'sha256' : 'git oid'}>`);
      assert.deepEqual(await readFile(link), bytes);
    }
    assert.deepEqual((await readdir(join(root, 'blobs'))).filter((b) => b.includes('incomplete')), []);
    assert.equal(shared.fixture.hub.requestsFor('onnx/model.onnx').length, 0, 'the legacy combined model is not fetched');
    assert.equal(shared.fixture.hub.requestsFor('README.md').length, 0);

    const model = await loadSam(pulled.dir);
    assert.equal(model.layout, 'transformers-sam');
    await model.release();
  });

  test('--dtype q8 takes the _quantized graphs; a dtype the repo lacks lists what it has', async () => {
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings, dtype: 'q8' });
    assert.equal(pulled.samVariant, 'quantized');
    const files = (await readdir(pulled.dir, { recursive: true })).filter((p) => p.endsWith('.onnx')).sort();
    assert.deepEqual(files, ['onnx/prompt_encoder_mask_decoder_quantized.onnx', 'onnx/vision_encoder_quantized.onnx']);
    const model = await loadSam(pulled.dir, { variant: pulled.samVariant! });
    await model.release();
    await assert.rejects(pullModel('slimsam', { hub: shared.caches.settings, dtype: 'q4' }), (error: unknown) => {
      assert.ok(error instanceof HubError);
      assert.match(error.message, /no q4 variant .*it has: fp32, fp16, q8/);
      return true;
    });
  });

  test('sam2.1-tiny: external-data graphs load through the snapshot symlinks', async () => {
    const pulled = await pullModel('sam2.1-tiny', { hub: shared.caches.settings });
    const names = (await readdir(pulled.dir, { recursive: true })).sort();
    assert.ok(names.includes('onnx/vision_encoder.onnx_data'));
    assert.ok(names.includes('onnx/prompt_encoder_mask_decoder.onnx_data'));
    assert.ok(!names.some((n) => n.includes('_fp16')));
    const model = await loadSam(pulled.dir);
    assert.equal(model.layout, 'transformers-sam2');
    await model.release();
  });

  test('minilm: a sentence embedder that loads and embeds', async () => {
    const pulled = await pullModel('minilm', { hub: shared.caches.settings });
    assert.equal(pulled.embedderModelFile, 'onnx/model.onnx');
    const embedder = await loadSentenceTransformer(pulled.dir, { modelFile: pulled.embedderModelFile! });
    const [vector] = await embedder.embed(['a red dog']);
    assert.equal(vector!.length, embedder.dimension);
    await embedder.release();
  });

  test('wowseg-1b: the checkpoint without *.py or pictures, converted once into a pack, training-only tensors skipped with one warning', async () => {
    const warnings: string[] = [];
    const converts: number[] = [];
    const pulled = await pullModel('wowseg-1b', {
      hub: shared.caches.settings,
      onEvent: (event) => {
        if (event.type === 'warning') warnings.push(event.message);
        if (event.type === 'convert') converts.push(event.progress.done);
      },
    });
    const commit = shared.fixture.commits.get('AAwcAA/WOW-Seg')!;
    assert.equal(pulled.converted, true);
    assert.equal(pulled.dir, join(shared.caches.settings.owsegCacheDir!, 'packs', 'models--AAwcAA--WOW-Seg', commit));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /skipping 4 tensor\(s\) .*prompt_encoder\.\* \(4\)/);
    assert.ok(converts.length > 0);
    const snapshot = join(shared.caches.settings.cacheDir!, 'models--AAwcAA--WOW-Seg', 'snapshots', commit);
    const downloaded = (await readdir(snapshot, { recursive: true })).sort();
    assert.deepEqual(downloaded, ['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    const model = await loadInternVLPack(pulled.dir);
    await model.release();

    const again = await pullModel('wowseg-1b', { hub: shared.caches.settings });
    assert.equal(again.converted, false, 'the pack is reused');
    assert.equal(again.fetchedBytes, 0);
  });

  test('the tree API is read page by page (Link: rel="next")', async () => {
    shared.fixture.hub.treePageSize = 2;
    try {
      const pulled = await pullModel('Xenova/all-MiniLM-L6-v2', { hub: shared.caches.settings });
      assert.equal(pulled.family, 'embedder', 'family detected from the files of an id given as org/name');
      assert.ok(shared.fixture.hub.requests.filter((r) => r.path.includes('/tree/')).length > 3);
    } finally {
      shared.fixture.hub.treePageSize = 1000;
    }
  });

  test('the token goes to the Hub, never to the CDN a download redirects to', async () => {
    await pullModel('slimsam', { hub: { ...shared.caches.settings, token: 'hf_test' } });
    const hubRequests = shared.fixture.hub.requests.filter((r) => r.server === 'hub');
    const cdnRequests = shared.fixture.hub.requests.filter((r) => r.server === 'cdn');
    assert.ok(cdnRequests.length >= 2);
    assert.ok(hubRequests.every((r) => r.authorization === 'Bearer hf_test'));
    assert.ok(cdnRequests.every((r) => r.authorization === undefined));
  });

  test('resolveModel uses a complete cached revision without the network', async () => {
    await pullModel('slimsam', { hub: shared.caches.settings });
    shared.fixture.hub.requests.length = 0;
    const resolved = await resolveModel('slimsam', 'sam', { hub: shared.caches.settings });
    assert.equal(resolved.source, 'cache');
    assert.equal(shared.fixture.hub.requests.length, 0);
  });

  test('a model of another family is refused before any download', async () => {
    await assert.rejects(resolveModel('slimsam', 'internvl', { hub: shared.caches.settings, field: '--model' }), /--model: expected an InternVL checkpoint \(slimsam \(Xenova\/slimsam-77-uniform\) is a SAM model\)/);
    await assert.rejects(resolveModel('Xenova/all-MiniLM-L6-v2', 'sam', { hub: shared.caches.settings }), /expected a SAM model \(minilm \(Xenova\/all-MiniLM-L6-v2\) is a sentence embedder\)/);
    assert.equal(shared.fixture.hub.requests.length, 0);
    shared.fixture.hub.commit('someone/an-embedder', shared.fixture.files.get('Xenova/all-MiniLM-L6-v2')!);
    await assert.rejects(resolveModel('someone/an-embedder', 'sam', { hub: shared.caches.settings }), /someone\/an-embedder@[0-9a-f]{12} is a sentence embedder, not a SAM model/);
    assert.equal(shared.fixture.hub.requests.filter((r) => r.server === 'cdn').length, 0, 'an unregistered repo is told apart from its file list, before any download');
  });
});
