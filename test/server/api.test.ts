/**
 * owseg serve's HTTP API on tiny packs: every route's answer, and every refusal docs/serve.md
 * promises (bad bytes, truncated PNG, pixel bomb, oversize body, wrong key, queue full, timeout,
 * client abort, shutdown), always as JSON with a code and never a stack trace.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { parseOwsegResult, regionFromMask, type OwsegResult } from '../../src/core/formats/owseg-result.js';
import { loadImage } from '../../src/core/image/index.js';
import { loadSam } from '../../src/models/sam/index.js';
import { parseEmbedding, startServer, type RunningServer } from '../../src/server/index.js';
import { rectangleMask } from '../helpers/random.js';
import { multipart, postJson, postPicture, tinyServeModels, type JsonAnswer, type TinyModels } from '../helpers/serve.js';
import { pixelBombPng } from '../helpers/pixel-bomb.js';

const width = 48;
const height = 40;
const quick = 'pointsPerSide=4&predIouThresh=0&stabilityScoreThresh=0';
let models: TinyModels;
let server: RunningServer;
let picture: Buffer;
const errorBodies: unknown[] = [];

/** Records an error answer so the last test can check none carries a stack trace. */
function refused<T>(answer: JsonAnswer<T>, status: number, code: string): JsonAnswer<T> {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.equal((answer.body as { error: { code: string } }).error.code, code);
  errorBodies.push(answer.body);
  return answer;
}

const masksJson = (masks = [rectangleMask(height, width, [2, 2, 20, 18]), rectangleMask(height, width, [25, 10, 46, 38])]) => JSON.stringify(masks.map((m, i) => regionFromMask(i + 1, m).segmentation));

before(async () => {
  models = await tinyServeModels('owseg-serve-api-');
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 251;
  picture = await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
  server = await startServer({ port: 0, sam: models.sam, model: models.model, embedder: models.embedder });
});

after(async () => {
  await server?.close();
  await rm(models.dir, { recursive: true, force: true });
});

describe('owseg serve: routes', () => {
  test('health, models, queues and the OpenAPI document', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/v1/health`)).json(), { status: 'ok' });
    const loaded = (await (await fetch(`${server.url}/v1/models`)).json()) as Record<string, Record<string, unknown>>;
    assert.equal(loaded.sam!.layout, 'transformers-sam');
    assert.equal(loaded.sam!.maskSize, 256);
    assert.equal(loaded.naming!.pack, models.model);
    assert.equal(loaded.embedder!.pack, models.embedder);
    const queues = (await (await fetch(`${server.url}/v1/queues`)).json()) as Record<string, Record<string, number>>;
    assert.deepEqual(Object.keys(queues), ['sam', 'naming']);
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    assert.match(doc.openapi, /^3\./);
    for (const path of ['/v1/health', '/v1/models', '/v1/queues', '/v1/segment', '/v1/name', '/v1/refer', '/v1/ground', '/v1/dense', '/v1/embed', '/v1/sam/decoder.onnx']) assert.ok(doc.paths[path], path);
    for (const code of ['200', '400', '401', '413', '415', '422', '429', '503', '504']) assert.ok(doc.paths['/v1/segment']!.post!.responses[code], code);
    assert.ok(doc.paths['/v1/segment']!.post!.responses['200']);
  });

  test('POST /v1/segment answers an owseg result, the same for a raw body and for multipart', async () => {
    const raw = await postPicture<OwsegResult>(`${server.url}/v1/segment?${quick}`, picture);
    assert.equal(raw.status, 200);
    const result = parseOwsegResult(raw.body);
    assert.equal(result.task, 'everything');
    assert.deepEqual(result.image, { width, height });
    assert.ok(result.regions.length > 0);
    assert.deepEqual(result.extra, { options: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0 } });
    const form = await postJson<OwsegResult>(`${server.url}/v1/segment?${quick}`, { body: multipart(picture) });
    assert.equal(form.status, 200);
    assert.deepEqual(form.body.regions, result.regions);
  });

  test('POST /v1/segment?name=true names every mask', async () => {
    const named = await postPicture<OwsegResult>(`${server.url}/v1/segment?${quick}&name=true&maxTiles=2&maxNewTokens=3`, picture);
    assert.equal(named.status, 200);
    const result = parseOwsegResult(named.body);
    assert.equal(result.task, 'everything+name');
    assert.equal(result.model?.extra?.naming && (result.model.extra.naming as { pack: string }).pack, models.model);
    for (const region of result.regions) assert.equal(typeof region.extra?.nameTokens, 'number');
  });

  test('POST /v1/name names the posted masks in order', async () => {
    const answer = await postJson<OwsegResult>(`${server.url}/v1/name?maxTiles=2&maxNewTokens=3`, { body: multipart(picture, { masks: masksJson() }) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const result = parseOwsegResult(answer.body);
    assert.equal(result.task, 'name');
    assert.deepEqual(result.regions.map((r) => r.id), [1, 2]);
    assert.deepEqual(result.regions[1]!.bbox, [25, 10, 21, 28]);
  });

  test('POST /v1/refer scores the posted candidates against the text', async () => {
    const answer = await postJson<OwsegResult>(`${server.url}/v1/refer?maxTiles=2`, { body: multipart(picture, { text: 'the left box', masks: masksJson() }) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const result = parseOwsegResult(answer.body);
    assert.equal(result.task, 'refer');
    assert.equal(result.prompt, 'the left box');
    assert.equal(result.regions.length, 2);
    for (const region of result.regions) assert.ok(region.score! >= 0 && region.score! <= 1);
    assert.ok(Array.isArray(result.extra?.selected));
  });

  test('POST /v1/refer without masks takes SAM everything-mode candidates', async () => {
    const answer = await postJson<OwsegResult>(`${server.url}/v1/refer?maxTiles=2&${quick}`, { body: multipart(picture, { text: 'everything' }) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal((answer.body.model?.extra?.candidates as { pack: string }).pack, models.sam);
  });

  test('POST /v1/ground finds a mask per phrase', async () => {
    const answer = await postJson<OwsegResult>(`${server.url}/v1/ground?maxTiles=2`, { body: multipart(picture, { text: 'the red ball' }) });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const result = parseOwsegResult(answer.body);
    assert.equal(result.task, 'ground');
    assert.equal(result.prompt, 'the red ball');
    assert.ok(result.regions.length >= 1);
  });

  test('POST /v1/dense covers the picture with named segments, mapped onto a vocabulary', async () => {
    const answer = await postPicture<OwsegResult>(`${server.url}/v1/dense?${quick}&maxTiles=2&maxNewTokens=2&topN=6&vocabulary=coco-panoptic`, picture);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const result = parseOwsegResult(answer.body);
    assert.equal(result.task, 'dense');
    assert.ok(result.regions.length > 0);
    assert.equal((result.model?.extra?.embedder as { pack: string }).pack, models.embedder);
  });

  test("POST /v1/embed is SAM's own embedding of the picture; GET /v1/sam/decoder.onnx is the pack's decoder", async () => {
    const response = await fetch(`${server.url}/v1/embed`, { method: 'POST', body: picture, headers: { 'content-type': 'image/png' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/vnd.owseg.sam-embedding');
    const { embedding, maskSize } = parseEmbedding(await response.arrayBuffer());
    const tensors = embedding.features;
    assert.deepEqual(embedding.originalSize, { width, height });
    assert.equal(maskSize, 256);
    const sam = await loadSam(models.sam);
    try {
      const own = await sam.encodeImage(await loadImage(picture));
      assert.deepEqual(embedding.inputSize, own.inputSize);
      assert.deepEqual(Object.keys(tensors), Object.keys(own.features));
      for (const [name, tensor] of Object.entries(own.features)) {
        assert.deepEqual(tensors[name]!.dims, tensor.dims);
        assert.deepEqual(tensors[name]!.data, tensor.data, name);
      }
      const decoder = await fetch(`${server.url}/v1/sam/decoder.onnx`);
      assert.equal(decoder.status, 200);
      assert.deepEqual(Buffer.from(await decoder.arrayBuffer()), await readFile(sam.decoderFile!));
    } finally {
      await sam.release();
    }
  });
});

describe('owseg serve: refusals', () => {
  test('bytes that are no image, a truncated PNG and an empty body are 415', async () => {
    refused(await postPicture(`${server.url}/v1/segment`, Buffer.from('not a picture at all')), 415, 'unsupported_media_type');
    refused(await postPicture(`${server.url}/v1/segment`, picture.subarray(0, picture.length - 40)), 415, 'unsupported_media_type');
    refused(await postPicture(`${server.url}/v1/segment`, Buffer.alloc(0)), 415, 'unsupported_media_type');
    const json = refused(await postJson(`${server.url}/v1/segment`, { body: '{}', headers: { 'content-type': 'application/json' } }), 415, 'unsupported_media_type');
    assert.match(JSON.stringify(json.body), /multipart field \\"image\\"/);
    const octets = refused(await postJson(`${server.url}/v1/segment`, { body: 'x', headers: { 'content-type': 'application/octet-stream' } }), 415, 'unsupported_media_type');
    assert.match(JSON.stringify(octets.body), /application\/octet-stream/);
  });

  test('a pixel bomb is refused from its header with 422', async () => {
    const answer = refused(await postPicture(`${server.url}/v1/segment`, pixelBombPng(100_000, 100_000)), 422, 'too_many_pixels');
    assert.match(JSON.stringify(answer.body), /100000×100000/);
  });

  test('bad fields are 400 and name the field', async () => {
    assert.match(JSON.stringify(refused(await postPicture(`${server.url}/v1/segment?pointsPerSide=abc`, picture), 400, 'bad_request').body), /querystring\.pointsPerSide/);
    assert.match(JSON.stringify(refused(await postPicture(`${server.url}/v1/segment?pointsPerSid=4`, picture), 400, 'bad_request').body), /pointsPerSid: unknown parameter/);
    assert.match(JSON.stringify(refused(await postPicture(`${server.url}/v1/segment?predIouThresh=2`, picture), 400, 'bad_request').body), /predIouThresh/);
    assert.match(JSON.stringify(refused(await postJson(`${server.url}/v1/name`, { body: multipart(picture) }), 400, 'bad_request').body), /masks/);
    assert.match(JSON.stringify(refused(await postJson(`${server.url}/v1/name`, { body: multipart(picture, { masks: '[{' }) }), 400, 'bad_request').body), /masks.*not JSON/);
    const small = masksJson([rectangleMask(10, 10, [1, 1, 5, 5])]);
    assert.match(JSON.stringify(refused(await postJson(`${server.url}/v1/name`, { body: multipart(picture, { masks: small }) }), 400, 'bad_request').body), /masks\[0\]\.size/);
    assert.match(JSON.stringify(refused(await postJson(`${server.url}/v1/refer`, { body: multipart(picture, { masks: masksJson() }) }), 400, 'bad_request').body), /text/);
    assert.match(JSON.stringify(refused(await postJson(`${server.url}/v1/dense?vocabulary=klingon`, { body: picture, headers: { 'content-type': 'image/png' } }), 400, 'bad_request').body), /vocabulary/);
  });

  test('unknown routes are JSON 404s; no error answer carries a stack trace', async () => {
    const answer = await fetch(`${server.url}/v1/nothing`);
    assert.equal(answer.status, 404);
    const body = (await answer.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'not_found');
    errorBodies.push(body);
    assert.ok(errorBodies.length >= 14);
    for (const error of errorBodies) {
      assert.deepEqual(Object.keys(error as object), ['error']);
      assert.doesNotMatch(JSON.stringify(error), /\n\s+at |\.ts:\d+|\.js:\d+/);
    }
  });
});
