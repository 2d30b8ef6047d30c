/**
 * owseg as a Label Studio ML backend: the brush RLE against its bit layout, the labelling config,
 * and /health, /setup, /predict with request and answer shapes as Label Studio sends and reads them.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { OwsegResult } from '../../src/core/formats/owseg-result.js';
import { decode } from '../../src/core/rle/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { brushRleToMask, maskToBrushRle } from '../../src/server/label-studio/brush-rle.js';
import { brushTarget } from '../../src/server/label-studio/label-config.js';
import { rectangleMask, seededRandom, noiseMask } from '../helpers/random.js';
import { postJson, postPicture, tinyServeModels, type TinyModels } from '../helpers/serve.js';

const LABEL_CONFIG = `<View>
  <Image name="image" value="$image" zoom="true"/>
  <BrushLabels name="tag" toName="image">
    <Label value="Dog" background="#FF0000"/>
    <Label value="Ball" background="#0000FF"/>
  </BrushLabels>
</View>`;

/** A /predict body as Label Studio 1.x sends it (label_studio/ml/api_connector.py's make_predictions). */
function predictRequest(image: string) {
  return {
    tasks: [{ id: 17, data: { image }, meta: {}, annotations: [], predictions: [], project: 3, is_labeled: false, overlap: 1, inner_id: 1 }],
    model_version: 'INITIAL',
    project: '3.1764756000',
    label_config: LABEL_CONFIG,
    params: { login: null, password: null, context: null },
  };
}

/** Reads `bits` bits MSB-first from `bytes` at bit `offset`: the rle-pack header, decoded independently of the library. */
function readBits(bytes: readonly number[], offset: number, bits: number): number {
  let value = 0;
  for (let i = 0; i < bits; i++) {
    const bit = offset + i;
    value = value * 2 + ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
  }
  return value;
}

describe('Label Studio brush RLE', () => {
  test('the header says RGBA bytes, 8-bit words and run groups of 3, 4, 8 and 16 bits', () => {
    const rle = maskToBrushRle(rectangleMask(3, 5, [1, 0, 4, 2]));
    assert.equal(readBits(rle, 0, 32), 3 * 5 * 4);
    assert.equal(readBits(rle, 32, 5) + 1, 8);
    assert.deepEqual([0, 1, 2, 3].map((k) => readBits(rle, 37 + 4 * k, 4) + 1), [3, 4, 8, 16]);
  });

  test('masks go through it and back unchanged', () => {
    const random = seededRandom(11);
    for (const mask of [rectangleMask(40, 48, [2, 2, 20, 18]), noiseMask(31, 17, 0.4, random), rectangleMask(1, 1, [0, 0, 1, 1]), rectangleMask(4, 4, [0, 0, 0, 0])]) {
      const back = brushRleToMask(maskToBrushRle(mask), mask.width, mask.height);
      assert.deepEqual(back.data, mask.data);
    }
  });
});

describe('Label Studio labelling config', () => {
  test('finds the BrushLabels control, its image and the labels', () => {
    assert.deepEqual(brushTarget(LABEL_CONFIG), { fromName: 'tag', toName: 'image', dataKey: 'image', labels: ['Dog', 'Ball'] });
  });

  test('a config without brush labels is refused by name', () => {
    assert.throws(() => brushTarget('<View><Image name="i" value="$img"/><RectangleLabels name="r" toName="i"/></View>'), /label_config: expected a <BrushLabels/);
    assert.throws(() => brushTarget('<View><BrushLabels name="b" toName="x"/></View>'), /Image name="x"/);
  });
});

describe('Label Studio ML backend routes', () => {
  let models: TinyModels;
  let server: RunningServer;
  let studio: Server;
  let studioUrl: string;
  let picture: Buffer;
  const tokensSeen: (string | undefined)[] = [];

  before(async () => {
    models = await tinyServeModels('owseg-serve-ls-');
    picture = await sharp(await readFile('examples/scene.png')).resize(64, 48).png().toBuffer();
    // Stands in for Label Studio's file serving: /data/upload/… needs its token.
    studio = createServer((request, response) => {
      tokensSeen.push(request.headers.authorization);
      if (request.url !== '/data/upload/3/scene.png') return void response.writeHead(404).end();
      if (request.headers.authorization !== 'Token studio-token') return void response.writeHead(401).end();
      response.writeHead(200, { 'content-type': 'image/png' }).end(picture);
    });
    await new Promise<void>((resolve) => studio.listen(0, '127.0.0.1', resolve));
    studioUrl = `http://127.0.0.1:${(studio.address() as AddressInfo).port}`;
    // Thresholds off, so the untrained tiny SAM keeps masks to label.
    server = await startServer({ port: 0, sam: models.sam, generator: { pointsPerSide: 8, predIouThresh: 0, stabilityScoreThresh: 0 } });
  });

  after(async () => {
    await server?.close();
    await new Promise((resolve) => studio.close(resolve));
    await rm(models.dir, { recursive: true, force: true });
  });

  test('/health and /setup answer as Label Studio expects', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), { status: 'UP', model_class: 'owseg' });
    const setup = await postJson<{ model_version: string }>(`${server.url}/setup`, {
      body: JSON.stringify({ project: '3.1764756000', schema: LABEL_CONFIG, hostname: studioUrl, access_token: 'studio-token', model_version: 'INITIAL' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(setup.status, 200);
    assert.match(setup.body.model_version, /^owseg-\d+\.\d+\.\d+-/);
    assert.deepEqual(await (await fetch(`${server.url}/metrics`)).json(), {});
    const webhook = await postJson(`${server.url}/webhook`, { body: JSON.stringify({ action: 'ANNOTATION_CREATED', project: { id: 3 } }), headers: { 'content-type': 'application/json' } });
    assert.equal(webhook.status, 200);
  });

  test('/predict fetches the task picture from Label Studio and answers brush labels of the segment masks', async () => {
    const answer = await postJson<{ results: { result: Record<string, unknown>[]; score: number; model_version: string }[] }>(`${server.url}/predict`, {
      body: JSON.stringify(predictRequest('/data/upload/3/scene.png')),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.ok(tokensSeen.includes('Token studio-token'));
    assert.equal(answer.body.results.length, 1);
    const [prediction] = answer.body.results;
    assert.match(prediction!.model_version, /^owseg-/);
    const segmented = await postPicture<OwsegResult>(`${server.url}/v1/segment`, picture);
    assert.equal(prediction!.result.length, segmented.body.regions.length);
    assert.ok(prediction!.result.length > 0, 'the tiny SAM should keep some masks on the scene');
    prediction!.result.forEach((item, i) => {
      assert.equal(item.type, 'brushlabels');
      assert.equal(item.from_name, 'tag');
      assert.equal(item.to_name, 'image');
      assert.equal(item.original_width, 64);
      assert.equal(item.original_height, 48);
      const value = item.value as { format: string; rle: number[]; brushlabels: string[] };
      assert.equal(value.format, 'rle');
      assert.deepEqual(value.brushlabels, ['Dog'], 'without a naming model every mask gets the first label');
      assert.deepEqual(brushRleToMask(value.rle, 64, 48).data, decode(segmented.body.regions[i]!.segmentation).data);
    });
    const mean = prediction!.result.reduce((sum, item) => sum + (item.score as number), 0) / prediction!.result.length;
    assert.ok(Math.abs(prediction!.score - mean) < 1e-12);
  });

  test('/predict takes data: URIs and refuses what it cannot read, naming the task field', async () => {
    const dataUri = `data:image/png;base64,${picture.toString('base64')}`;
    const ok = await postJson<{ results: unknown[] }>(`${server.url}/predict`, { body: JSON.stringify(predictRequest(dataUri)), headers: { 'content-type': 'application/json' } });
    assert.equal(ok.status, 200);
    const missing = await postJson<{ error: { code: string; message: string } }>(`${server.url}/predict`, {
      body: JSON.stringify({ ...predictRequest(''), tasks: [{ id: 1, data: { picture: 'x' } }] }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /tasks\[0\]\.data\.image/);
    const gone = await postJson<{ error: { message: string } }>(`${server.url}/predict`, { body: JSON.stringify(predictRequest(`${studioUrl}/nothing.png`)), headers: { 'content-type': 'application/json' } });
    assert.equal(gone.status, 400);
    assert.match(gone.body.error.message, /answered 404/);
    const noTasks = await postJson<{ error: { message: string } }>(`${server.url}/predict`, { body: JSON.stringify({ label_config: LABEL_CONFIG }), headers: { 'content-type': 'application/json' } });
    assert.equal(noTasks.status, 400);
    assert.match(noTasks.body.error.message, /^tasks: expected/);
  });
});
