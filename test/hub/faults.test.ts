/**
 * Downloads that lose nothing and trust nothing: a dropped connection resumed with a Range request,
 * a 500 retried, a damaged file refused with nothing cached, 401/404 told apart, offline with and
 * without a cache, two pulls at once, and a branch that moves during a pull.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HubError, pullModel, resolveModel } from '../../src/hub/index.js';
import { useFixtureHub } from './helpers.js';

const shared = useFixtureHub();

const SLIMSAM = 'Xenova/slimsam-77-uniform';
const ENCODER = 'onnx/vision_encoder.onnx';

function isHubError(reason: HubError['reason'], ...parts: RegExp[]): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof HubError, `a HubError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    for (const part of parts) assert.match(error.message, part);
    return true;
  };
}

async function blobNames(repo: string): Promise<string[]> {
  return readdir(join(shared.caches.settings.cacheDir!, `models--${repo.replace('/', '--')}`, 'blobs')).catch(() => []);
}

describe('downloads under faults', () => {
  test('a connection dropped mid-file is resumed with a Range request and the bytes are right', async () => {
    const bytes = shared.fixture.files.get(SLIMSAM)![ENCODER]!;
    const cut = Math.floor(bytes.byteLength / 3);
    shared.fixture.hub.fail({ kind: 'drop', file: ENCODER, afterBytes: cut, times: 1 });
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings });
    const ranges = shared.fixture.hub.requestsFor(ENCODER).filter((r) => r.server === 'cdn').map((r) => r.range);
    assert.equal(ranges.length, 2);
    assert.equal(ranges[0], undefined);
    // What reached the disk before the reset: at most the bytes sent, and (on loopback) nearly all of them.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(ranges[1] ?? '')?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= cut, `resumed at ${ranges[1]}, ${cut} bytes were sent`);
    assert.deepEqual(await readFile(join(pulled.dir, ENCODER)), bytes);
  });

  test('a partial file left by a failed pull is resumed by the next pull', async () => {
    const bytes = shared.fixture.files.get(SLIMSAM)![ENCODER]!;
    shared.fixture.hub.fail({ kind: 'drop', file: ENCODER, afterBytes: Math.floor(bytes.byteLength / 2), times: 1 });
    shared.fixture.hub.fail({ kind: 'drop', file: ENCODER, afterBytes: 0, times: 10 });
    await assert.rejects(pullModel('slimsam', { hub: shared.caches.settings }), isHubError('unreachable', /vision_encoder\.onnx failed 4 times/, /\d+ of \d+ bytes are kept and the next pull resumes from there/));
    const [incomplete] = (await blobNames(SLIMSAM)).filter((b) => b.endsWith('.incomplete'));
    const kept = (await stat(join(shared.caches.settings.cacheDir!, 'models--Xenova--slimsam-77-uniform', 'blobs', incomplete!))).size;
    assert.ok(kept > 0 && kept < bytes.byteLength, `part of the file is kept (${kept} bytes)`);
    shared.fixture.hub.requests.length = 0;
    shared.fixture.hub.clearFaults();
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings });
    assert.deepEqual(shared.fixture.hub.requestsFor(ENCODER).filter((r) => r.server === 'cdn').map((r) => r.range), [`bytes=${kept}-`]);
    assert.deepEqual(await readFile(join(pulled.dir, ENCODER)), bytes);
  });

  test('a download that stalls is cut after the stall timeout and resumed', async () => {
    const bytes = shared.fixture.files.get(SLIMSAM)![ENCODER]!;
    shared.fixture.hub.fail({ kind: 'stall', file: ENCODER, afterBytes: Math.floor(bytes.byteLength / 2), times: 1 });
    const pulled = await pullModel('slimsam', { hub: { ...shared.caches.settings, stallTimeoutMs: 300 } });
    const ranges = shared.fixture.hub.requestsFor(ENCODER).filter((r) => r.server === 'cdn').map((r) => r.range);
    assert.equal(ranges.length, 2);
    assert.match(ranges[1] ?? '', /^bytes=\d+-$/);
    assert.deepEqual(await readFile(join(pulled.dir, ENCODER)), bytes);
  });

  test('a server that ignores Range sends the whole file again and the download starts over', async () => {
    const bytes = shared.fixture.files.get(SLIMSAM)![ENCODER]!;
    shared.fixture.hub.fail({ kind: 'drop', file: ENCODER, afterBytes: 500, times: 1 });
    shared.fixture.hub.fail({ kind: 'ignore-range', file: ENCODER, times: 1 });
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings });
    assert.deepEqual(await readFile(join(pulled.dir, ENCODER)), bytes);
  });

  test('500 once, on the API and on a file, then success', async () => {
    shared.fixture.hub.fail({ kind: 'status', file: '/revision/main', status: 500, times: 1 });
    shared.fixture.hub.fail({ kind: 'status', file: 'preprocessor_config.json', status: 503, times: 1 });
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings });
    assert.equal(shared.fixture.hub.requestsFor('/revision/main').length, 2);
    assert.equal(shared.fixture.hub.requestsFor('preprocessor_config.json').length, 2);
    assert.deepEqual(await readFile(join(pulled.dir, 'preprocessor_config.json')), shared.fixture.files.get(SLIMSAM)!['preprocessor_config.json']);
  });

  test('5xx on every attempt ends in a clear error after the retries', async () => {
    shared.fixture.hub.fail({ kind: 'status', file: '/revision/main', status: 502, times: 100 });
    await assert.rejects(pullModel('slimsam', { hub: shared.caches.settings }), isHubError('unreachable', /kept answering 502 for Xenova\/slimsam-77-uniform@main after 3 retries/));
    assert.equal(shared.fixture.hub.requestsFor('/revision/main').length, 4);
  });

  test('a damaged download is refused naming the file, and nothing of it enters the cache', async () => {
    shared.fixture.hub.fail({ kind: 'corrupt', file: ENCODER, times: 1 });
    await assert.rejects(pullModel('slimsam', { hub: shared.caches.settings }), isHubError('integrity', /onnx\/vision_encoder\.onnx: sha256 is [0-9a-f]{64}, the Hub lists [0-9a-f]{64}/, /nothing was kept/));
    const commit = shared.fixture.commits.get(SLIMSAM)!;
    const snapshot = join(shared.caches.settings.cacheDir!, 'models--Xenova--slimsam-77-uniform', 'snapshots', commit);
    assert.equal(await stat(join(snapshot, ENCODER)).catch(() => undefined), undefined, 'no snapshot entry');
    assert.ok(!(await blobNames(SLIMSAM)).some((b) => b.includes('incomplete')), 'no partial file');
    const pulled = await pullModel('slimsam', { hub: shared.caches.settings });
    assert.deepEqual(await readFile(join(pulled.dir, ENCODER)), shared.fixture.files.get(SLIMSAM)![ENCODER]);
  });

  test('a damaged small (non-LFS) file is checked against its git blob id', async () => {
    shared.fixture.hub.fail({ kind: 'corrupt', file: 'preprocessor_config.json', times: 1 });
    await assert.rejects(pullModel('slimsam', { hub: shared.caches.settings }), isHubError('integrity', /preprocessor_config\.json: git blob id is [0-9a-f]{40}, the Hub lists [0-9a-f]{40}/));
  });

  test('404: a repo, a revision and a dtype that do not exist are each named', async () => {
    await assert.rejects(pullModel('nobody/nothing', { hub: shared.caches.settings }), isHubError('not-found', /has no repo nobody\/nothing; if it is private or gated, set HF_TOKEN \(and there is no folder nobody\/nothing here\)/));
    await assert.rejects(pullModel('slimsam@v9', { hub: shared.caches.settings }), isHubError('not-found', /Xenova\/slimsam-77-uniform has no revision v9/));
  });

  test('401/403: a gated repo asks for HF_TOKEN, a wrong token is refused, the right one works', async () => {
    shared.fixture.hub.commit('gated-org/gated-sam', shared.fixture.files.get(SLIMSAM)!, { token: 'hf_right', gated: true });
    await assert.rejects(pullModel('gated-org/gated-sam', { hub: shared.caches.settings }), isHubError('access', /gated-org\/gated-sam is gated: accept its conditions at .*\/gated-org\/gated-sam and set HF_TOKEN/));
    await assert.rejects(pullModel('gated-org/gated-sam', { hub: { ...shared.caches.settings, token: 'hf_wrong' } }), isHubError('access', /gated/));
    const pulled = await pullModel('gated-org/gated-sam', { hub: { ...shared.caches.settings, token: 'hf_right' } });
    assert.equal(pulled.family, 'sam');
  });

  test('a private repo without a token reads as not found, with the hint to set HF_TOKEN', async () => {
    shared.fixture.hub.commit('private-org/private-sam', shared.fixture.files.get(SLIMSAM)!, { token: 'hf_private' });
    await assert.rejects(pullModel('private-org/private-sam', { hub: shared.caches.settings }), isHubError('not-found', /no repo private-org\/private-sam; if it is private or gated, set HF_TOKEN/));
  });

  test('offline: the cache serves without a request; a model not cached is named', async () => {
    await assert.rejects(resolveModel('slimsam', 'sam', { hub: { ...shared.caches.settings, offline: true } }), isHubError('offline', /slimsam \(Xenova\/slimsam-77-uniform\) is not in the cache/, /owseg pull slimsam/));
    assert.equal(shared.fixture.hub.requests.length, 0);
    await pullModel('slimsam', { hub: shared.caches.settings });
    shared.fixture.hub.requests.length = 0;
    const resolved = await resolveModel('slimsam', 'sam', { hub: { ...shared.caches.settings, offline: true } });
    assert.equal(resolved.source, 'cache');
    await assert.rejects(resolveModel('slimsam', 'sam', { hub: { ...shared.caches.settings, offline: true }, dtype: 'fp16' }), isHubError('offline', /no fp16 variant/));
    assert.equal(shared.fixture.hub.requests.length, 0);
  });

  test('two pulls at once: both succeed, every file is fetched once', async () => {
    const [a, b] = await Promise.all([pullModel('slimsam', { hub: shared.caches.settings }), pullModel('slimsam', { hub: shared.caches.settings })]);
    assert.equal(a.dir, b.dir);
    for (const file of [ENCODER, 'onnx/prompt_encoder_mask_decoder.onnx']) {
      assert.equal(shared.fixture.hub.requestsFor(file).filter((r) => r.server === 'cdn').length, 1, `${file} fetched once`);
      assert.deepEqual(await readFile(join(a.dir, file)), shared.fixture.files.get(SLIMSAM)![file]);
    }
    assert.equal(a.fetchedBytes + b.fetchedBytes, (await Promise.all([ENCODER, 'onnx/prompt_encoder_mask_decoder.onnx', 'preprocessor_config.json', 'config.json'].map((f) => stat(join(a.dir, f))))).reduce((s, i) => s + i.size, 0));
  });

  test('the revision is resolved to one commit: a branch moved mid-pull does not mix commits', async () => {
    const repo = 'pinned/sam';
    const first = shared.fixture.hub.commit(repo, shared.fixture.files.get(SLIMSAM)!);
    const second = shared.fixture.hub.commit(repo, shared.fixture.files.get('onnx-community/sam2.1-hiera-tiny-ONNX')!);
    shared.fixture.hub.moveBranch(repo, 'main', first);
    shared.fixture.hub.onRequest = (request) => {
      if (request.path.includes('/revision/main')) setImmediate(() => shared.fixture.hub.moveBranch(repo, 'main', second));
    };
    const pulled = await pullModel(repo, { hub: shared.caches.settings });
    assert.equal(pulled.commit, first);
    const resolves = shared.fixture.hub.requests.filter((r) => r.path.includes('/resolve/'));
    assert.ok(resolves.length > 0 && resolves.every((r) => r.path.includes(`/resolve/${first}/`)), 'every file from the first commit');
    assert.deepEqual(await readFile(join(pulled.dir, ENCODER)), shared.fixture.files.get(SLIMSAM)![ENCODER]);

    shared.fixture.hub.onRequest = undefined;
    shared.fixture.hub.requests.length = 0;
    const pinned = await pullModel(`${repo}@${first}`, { hub: shared.caches.settings });
    assert.equal(pinned.commit, first);
    assert.equal(shared.fixture.hub.requests.length, 0, 'a commit already complete in the cache needs no network');
    const moved = await pullModel(repo, { hub: shared.caches.settings });
    assert.equal(moved.commit, second, 'pulling the branch again follows it');
    assert.equal(await readFile(join(shared.caches.settings.cacheDir!, 'models--pinned--sam', 'refs', 'main'), 'utf8'), second);
  });
});
