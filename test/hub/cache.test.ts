/**
 * The cache shared with Python's huggingface_hub: a snapshot Python laid out is found and loaded
 * without the network; what the caches hold is listed with its state, and removed on request.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hubSettings, listCachedModels, pullModel, removeCachedModel, resolveModel } from '../../src/hub/index.js';
import { loadSam } from '../../src/models/sam/index.js';
import { gitBlobId } from '../helpers/fake-hub.js';
import { startFixtureHub, testCaches, type HubFixture } from './helpers.js';

let fixture: HubFixture;

before(async () => {
  fixture = await startFixtureHub();
});
after(async () => {
  await fixture.hub.stop();
});

/**
 * Writes `files` as huggingface_hub ≥ 0.14 does: blobs/<sha256> for LFS files (here: *.onnx),
 * blobs/<git blob id> for the rest, snapshots/<commit>/<path> as relative symlinks, refs/main.
 */
async function pythonLayout(cacheDir: string, repo: string, commit: string, files: Record<string, Buffer>): Promise<void> {
  const root = join(cacheDir, `models--${repo.replace('/', '--')}`);
  for (const [path, bytes] of Object.entries(files)) {
    const etag = path.endsWith('.onnx') ? createHash('sha256').update(bytes).digest('hex') : gitBlobId(bytes);
    const blob = join(root, 'blobs', etag);
    const link = join(root, 'snapshots', commit, path);
    await mkdir(dirname(blob), { recursive: true });
    await mkdir(dirname(link), { recursive: true });
    await writeFile(blob, bytes);
    await symlink(relative(dirname(link), blob), link);
  }
  await mkdir(join(root, 'refs'), { recursive: true });
  await writeFile(join(root, 'refs', 'main'), commit);
}

describe('the Hub cache shared with Python', () => {
  test('a snapshot laid out by huggingface_hub is found and loaded with no network at all', async () => {
    const root = await mkdtemp(join(tmpdir(), 'owseg-pycache-'));
    try {
      const cacheDir = join(root, 'hf', 'hub');
      const commit = 'a'.repeat(40);
      const all = fixture.files.get('Xenova/slimsam-77-uniform')!;
      await pythonLayout(cacheDir, 'Xenova/slimsam-77-uniform', commit, all);
      const settings = { endpoint: 'http://127.0.0.1:9', cacheDir, owsegCacheDir: join(root, 'owseg'), retries: 0 };
      const resolved = await resolveModel('slimsam', 'sam', { hub: settings });
      assert.equal(resolved.source, 'cache');
      assert.equal(resolved.commit, commit);
      const model = await loadSam(resolved.dir);
      await model.release();
      // HF_HOME as the environment gives it to Python points owseg at the same folder.
      assert.equal(hubSettings({}, { HF_HOME: join(root, 'hf') }).cacheDir, cacheDir);
      assert.equal(hubSettings({}, { HF_HOME: join(root, 'hf'), HF_HUB_CACHE: '/elsewhere' }).cacheDir, '/elsewhere');
      assert.equal(hubSettings({}, { XDG_CACHE_HOME: '/xdg' }).cacheDir, '/xdg/huggingface/hub');
      assert.equal(hubSettings({}, { HF_HUB_OFFLINE: 'TRUE' }).offline, true);
      assert.equal(hubSettings({}, { HF_ENDPOINT: 'https://mirror.example/' }).endpoint, 'https://mirror.example');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('owseg models lists name, repo, commit, size and state; rm frees a repo and its pack', async () => {
    const caches = await testCaches(fixture.hub.url);
    try {
      await pullModel('slimsam', { hub: caches.settings, dtype: 'q8' });
      await pullModel('slimsam', { hub: caches.settings });
      await pullModel('wowseg-1b', { hub: caches.settings });
      const minilm = await pullModel('minilm', { hub: caches.settings });
      await unlink(join(minilm.dir, 'onnx', 'model.onnx'));
      const listed = await listCachedModels(caches.settings);
      const byName = new Map(listed.map((m) => [m.name, m]));
      assert.deepEqual([...byName.keys()].sort(), ['minilm', 'slimsam', 'wowseg-1b']);
      const slimsam = byName.get('slimsam')!;
      assert.equal(slimsam.repo, 'Xenova/slimsam-77-uniform');
      assert.equal(slimsam.commit, fixture.commits.get('Xenova/slimsam-77-uniform'));
      assert.deepEqual(slimsam.refs, ['main']);
      assert.equal(slimsam.state, 'ready');
      assert.deepEqual(slimsam.dtypes, ['fp32', 'q8']);
      assert.ok(slimsam.bytes > 0);
      const wowseg = byName.get('wowseg-1b')!;
      assert.equal(wowseg.state, 'converted');
      assert.deepEqual(wowseg.packs.map((p) => p.weights), ['fp32']);
      assert.ok(wowseg.packs[0]!.bytes > 0);
      assert.equal(byName.get('minilm')!.state, 'partial');

      const removed = await removeCachedModel('wowseg-1b', caches.settings);
      assert.equal(removed.repo, 'AAwcAA/WOW-Seg');
      assert.ok(removed.bytes >= wowseg.bytes + wowseg.packs[0]!.bytes);
      assert.deepEqual((await listCachedModels(caches.settings)).map((m) => m.name).sort(), ['minilm', 'slimsam']);
      await assert.rejects(removeCachedModel('wowseg-1b', caches.settings), /wowseg-1b \(AAwcAA\/WOW-Seg\) is not cached/);
    } finally {
      await caches.remove();
    }
  });
});
