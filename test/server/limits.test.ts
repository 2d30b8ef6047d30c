/**
 * owseg serve's limits on servers started with small settings: body size (413), API key (401),
 * queue depth (429 with Retry-After), job timeout (504), client abort, draining on close (503),
 * and the web app's files (isolation headers, no path traversal).
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { multipart, postJson, postPicture, tinyServeModels, type TinyModels } from '../helpers/serve.js';

let models: TinyModels;
let scene: Buffer;
/** examples/scene.png at 64×48: enough to keep the tiny SAM busy for a while, cheap to answer. */
let small: Buffer;

/** Occupies `server`'s SAM queue until the returned release() is called: requests then wait or are refused deterministically. */
function occupySam(server: RunningServer): { release: () => void; done: Promise<void> } {
  let release!: () => void;
  const blocker = new Promise<void>((resolve) => (release = resolve));
  const done = server.queues.sam.run(() => blocker, new AbortController().signal);
  return { release, done };
}

before(async () => {
  models = await tinyServeModels('owseg-serve-limits-');
  scene = await readFile('examples/scene.png');
  small = await sharp(scene).resize(64, 48).png().toBuffer();
});

after(async () => {
  await rm(models.dir, { recursive: true, force: true });
});

type Queues = Record<'sam' | 'naming', { running: number; waiting: number; done: number; failed: number; cancelled: number; timedOut: number }>;

async function queues(server: RunningServer): Promise<Queues> {
  return (await (await fetch(`${server.url}/v1/queues`)).json()) as Queues;
}

/** Polls /v1/queues until `ready` holds. */
async function waitFor(server: RunningServer, ready: (q: Queues) => boolean): Promise<void> {
  while (!ready(await queues(server))) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('owseg serve: limits', () => {
  test('a body over the limit is 413, raw or multipart; a picture over the pixel limit is 422', async () => {
    const server = await startServer({ port: 0, sam: models.sam, bodyLimit: 4096, maxPixels: 1000 });
    try {
      assert.ok(scene.length > 4096);
      const raw = await postPicture(`${server.url}/v1/segment`, scene);
      assert.equal(raw.status, 413);
      assert.deepEqual(Object.keys(raw.body), ['error']);
      const form = await postJson(`${server.url}/v1/segment`, { body: multipart(scene) });
      assert.equal(form.status, 413);
      const over = await postPicture<{ error: { code: string; message: string } }>(`${server.url}/v1/segment`, small);
      assert.equal(over.status, 422);
      assert.match(over.body.error.message, /at most 1000 pixels.*64×48/);
    } finally {
      await server.close();
    }
  });

  test('with --api-key every API route needs the key; health, OpenAPI and the app do not', async () => {
    const server = await startServer({ port: 0, sam: models.sam, apiKey: 's3cret-key' });
    try {
      const segment = `${server.url}/v1/segment?pointsPerSide=2`;
      const missing = await postPicture<{ error: { code: string } }>(segment, small);
      assert.equal(missing.status, 401);
      assert.equal(missing.body.error.code, 'unauthorized');
      assert.equal((await postPicture(segment, small, 'image/png', { authorization: 'Bearer s3cret-kez' })).status, 401);
      assert.equal((await postPicture(segment, small, 'image/png', { authorization: 'Bearer s3cret-key-longer' })).status, 401);
      assert.equal((await postPicture(segment, small, 'image/png', { authorization: 'Bearer s3cret-key' })).status, 200);
      assert.equal((await postPicture(segment, small, 'image/png', { 'x-api-key': 's3cret-key' })).status, 200);
      const basic = `Basic ${Buffer.from('label-studio:s3cret-key').toString('base64')}`;
      assert.equal((await postJson(`${server.url}/setup`, { body: '{}', headers: { 'content-type': 'application/json', authorization: basic } })).status, 200);
      assert.equal((await postJson(`${server.url}/setup`, { body: '{}', headers: { 'content-type': 'application/json' } })).status, 401);
      assert.equal((await fetch(`${server.url}/v1/models`)).status, 401);
      assert.equal((await fetch(`${server.url}/v1/health`)).status, 200);
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      assert.equal((await fetch(`${server.url}/openapi.json`)).status, 200);
    } finally {
      await server.close();
    }
  });

  test('a full queue answers 429 with Retry-After; waiting work then runs', async () => {
    const server = await startServer({ port: 0, sam: models.sam, queueDepth: 1 });
    try {
      const busy = occupySam(server);
      const waiting = postPicture(`${server.url}/v1/segment?pointsPerSide=2`, small);
      await waitFor(server, (q) => q.sam.waiting === 1);
      const refused = await postPicture<{ error: { code: string; message: string } }>(`${server.url}/v1/segment?pointsPerSide=2`, small);
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'queue_full');
      assert.match(refused.body.error.message, /1 running, 1 waiting/);
      assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      busy.release();
      assert.equal((await waiting).status, 200);
    } finally {
      await server.close();
    }
  });

  test('a job past the timeout is 504', async () => {
    const server = await startServer({ port: 0, sam: models.sam, timeoutMs: 1 });
    try {
      const answer = await postPicture<{ error: { code: string } }>(`${server.url}/v1/segment?pointsPerSide=2`, small);
      assert.equal(answer.status, 504);
      assert.equal(answer.body.error.code, 'timeout');
      await waitFor(server, (q) => q.sam.running === 0 && q.sam.timedOut === 1);
    } finally {
      await server.close();
    }
  });

  test('a client that goes away cancels its queued job', async () => {
    const server = await startServer({ port: 0, sam: models.sam });
    try {
      const busy = occupySam(server);
      const client = new AbortController();
      const request = fetch(`${server.url}/v1/segment?pointsPerSide=2`, { method: 'POST', body: small, headers: { 'content-type': 'image/png' }, signal: client.signal });
      await waitFor(server, (q) => q.sam.waiting === 1);
      client.abort();
      await assert.rejects(request);
      await waitFor(server, (q) => q.sam.waiting === 0 && q.sam.cancelled === 1);
      busy.release();
      await busy.done;
      const after = await queues(server);
      assert.equal(after.sam.done, 1, 'only the blocker ran');
    } finally {
      await server.close();
    }
  });

  test('close() drains: new work is 503 while admitted work finishes', async () => {
    const server = await startServer({ port: 0, sam: models.sam });
    const busy = occupySam(server);
    const admitted = postPicture(`${server.url}/v1/segment?pointsPerSide=2`, small);
    await waitFor(server, (q) => q.sam.waiting === 1);
    const closed = server.close();
    const late = await postPicture<{ error: { code: string } }>(`${server.url}/v1/segment?pointsPerSide=2`, small);
    assert.equal(late.status, 503);
    assert.equal(late.body.error.code, 'shutting_down');
    assert.equal((await fetch(`${server.url}/v1/health`)).status, 503);
    busy.release();
    assert.equal((await admitted).status, 200);
    await closed;
    await assert.rejects(fetch(`${server.url}/v1/health`));
  });
});

describe('owseg serve: the web app files', () => {
  let webRoot: string;
  let server: RunningServer;

  before(async () => {
    webRoot = join(models.dir, 'web');
    await mkdir(join(webRoot, 'assets'), { recursive: true });
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>owseg</title>');
    await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(models.dir, 'secret.txt'), 'outside the web root');
    server = await startServer({ port: 0, webRoot });
  });

  after(async () => {
    await server.close();
  });

  test('/ is the app, cross-origin isolated', async () => {
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>owseg<\/title>/);
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    const asset = await fetch(`${server.url}/assets/app.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
    assert.doesNotMatch(page.headers.get('cache-control') ?? '', /immutable/);
  });

  test('nothing outside the web root is served', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%5c..%5csecret.txt']) {
      const answer = await fetch(`${server.url}${path}`);
      assert.notEqual(answer.status, 200, path);
      assert.doesNotMatch(await answer.text(), /outside the web root/, path);
    }
  });
});
