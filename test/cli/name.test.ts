/**
 * `owseg name` and `owseg segment --name` as real subprocesses on tiny packs built by the real
 * writers and converter: masks from files and PNGs named, results written, bad input refused.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION, regionFromMask, type OwsegResult } from '../../src/core/formats/owseg-result.js';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack } from '../../src/models/sam/index.js';
import { writeTinyBert } from '../../src/models/text/index.js';
import { owseg } from '../helpers/cli.js';
import { rectangleMask } from '../helpers/random.js';

const width = 48;
const height = 40;
let dir: string;
const path = (name: string) => join(dir, name);

const rectangle = (x0: number, y0: number, x1: number, y1: number) => rectangleMask(height, width, [x0, y0, x1, y1]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-name-'));
  const checkpoint = await writeTinyInternVLCheckpoint(path('checkpoint'), { seed: 3, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, path('internvl'));
  await writeTinySamPack(path('sam'), { layout: 'transformers-sam', seed: 3 });
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 251;
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(path('picture.png'));
  const masks: OwsegResult = {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { width, height },
    regions: [regionFromMask(1, rectangle(2, 2, 20, 18)), regionFromMask(2, rectangle(25, 10, 46, 38))],
  };
  await writeFile(path('masks.json'), JSON.stringify(masks));
  const png = Buffer.alloc(width * height);
  for (let y = 5; y < 30; y++) for (let x = 10; x < 30; x++) png[y * width + x] = 255;
  await sharp(png, { raw: { width, height, channels: 1 } }).png().toFile(path('mask.png'));
  await sharp(Buffer.alloc(4 * 4, 255), { raw: { width: 4, height: 4, channels: 1 } }).png().toFile(path('small-mask.png'));
  await writeTinyBert(path('bert'), { seed: 3 });
  const osprey = [
    {
      id: 1,
      file_name: 'picture.png',
      height,
      width,
      categories: ['red_apple', 'table (furniture)'],
      annotations: [{ segmentation: [[2, 2, 20, 2, 20, 18, 2, 18]] }, { segmentation: [[25, 10, 46, 10, 46, 38, 25, 38]] }],
    },
  ];
  await writeFile(path('osprey.json'), JSON.stringify(osprey));
  const coco = {
    images: [{ id: 9, width, height, file_name: 'picture.png' }],
    categories: [{ id: 1, name: 'thing' }],
    annotations: [
      { id: 1, image_id: 9, category_id: 1, segmentation: [[2, 2, 20, 2, 20, 18, 2, 18]], area: 288, bbox: [2, 2, 18, 16] },
      { id: 2, image_id: 9, category_id: 1, segmentation: [[25, 10, 46, 10, 46, 38]], area: 294, bbox: [25, 10, 21, 28] },
    ],
  };
  await writeFile(path('coco.json'), JSON.stringify(coco));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const namingFlags = ['--max-new-tokens', '3', '--max-tiles', '2'];

describe('owseg name', { concurrency: true }, () => {
  test('names the regions of a result file, keeps their masks, writes an overlay', async () => {
    const run = await owseg('name', path('picture.png'), '--masks', path('masks.json'), '--model', path('internvl'), '-o', path('named.json'), '--overlay', path('named.png'), ...namingFlags);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('named.json'), 'utf8')) as OwsegResult;
    const input = JSON.parse(await readFile(path('masks.json'), 'utf8')) as OwsegResult;
    assert.equal(result.task, 'name');
    assert.deepEqual(result.regions.map((r) => r.segmentation), input.regions.map((r) => r.segmentation));
    for (const region of result.regions) {
      assert.equal(region.extra?.nameTokens, 3);
      assert.ok(region.logProb === undefined || region.logProb <= 0);
    }
    assert.ok(existsSync(path('named.png')));
  });

  test('names the annotations of a COCO instances file', async () => {
    const run = await owseg('name', path('picture.png'), '--masks', path('coco.json'), '--model', path('internvl'), '-o', path('coco-named.json'), ...namingFlags);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('coco-named.json'), 'utf8')) as OwsegResult;
    assert.equal(result.regions.length, 2);
    assert.ok(result.regions.every((region) => region.extra?.nameTokens === 3));
  });

  test('sequential mode names the same masks', async () => {
    const run = await owseg('name', path('picture.png'), '--masks', path('masks.json'), '--model', path('internvl'), '-o', path('sequential.json'), '--mode', 'sequential', ...namingFlags);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('sequential.json'), 'utf8')) as OwsegResult;
    assert.equal(result.regions.length, 2);
  });

  test('PNG masks: any non-zero pixel is foreground; a PNG of another size is refused, nothing written', async () => {
    const run = await owseg('name', path('picture.png'), '--masks', path('mask.png'), '--model', path('internvl'), '-o', path('png.json'), ...namingFlags);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('png.json'), 'utf8')) as OwsegResult;
    assert.equal(result.regions[0]!.area, 20 * 25);

    const bad = await owseg('name', path('picture.png'), '--masks', path('mask.png'), path('small-mask.png'), '--model', path('internvl'), '-o', path('never.json'));
    assert.equal(bad.status, 3);
    assert.match(bad.stderr, /--masks\[1\] .*small-mask\.png: expected a 48×40 mask/);
    assert.equal(existsSync(path('never.json')), false);
  });

  test('a pack that is not an InternVL pack: exit 3, nothing written', async () => {
    const run = await owseg('name', path('picture.png'), '--masks', path('masks.json'), '--model', path('sam'), '-o', path('wrong.json'));
    assert.equal(run.status, 3, run.stderr);
    assert.equal(existsSync(path('wrong.json')), false);
  });

  test('segment --name segments and names every mask in one command', async () => {
    const run = await owseg(
      'segment', path('picture.png'), '--sam', path('sam'), '--name', path('internvl'),
      '--points-per-side', '2', '--pred-iou-thresh', '0', '--stability-score-thresh', '0',
      '-o', path('everything.json'), '--overlay', path('everything.png'), ...namingFlags,
    );
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('everything.json'), 'utf8')) as OwsegResult;
    assert.equal(result.task, 'everything+name');
    assert.ok(result.regions.length > 0);
    for (const region of result.regions) assert.equal(region.extra?.nameTokens, 3);
  });

  test('eval region-recognition --images --model names the ground-truth regions and scores them', async () => {
    const run = await owseg(
      'eval', 'region-recognition', '--gt', path('osprey.json'), '--images', dir, '--model', path('internvl'),
      '--embedder', path('bert'), '--out', path('rr.json'), ...namingFlags,
    );
    assert.equal(run.status, 0, run.stderr);
    const record = JSON.parse(await readFile(path('rr.json'), 'utf8')) as { metric: string; stats: { SS: number; SIoU: number } };
    assert.equal(record.metric, 'region-recognition');
    assert.ok(record.stats.SS >= -1 && record.stats.SS <= 1);
    assert.ok(record.stats.SIoU >= 0 && record.stats.SIoU <= 1);

    const half = await owseg('eval', 'region-recognition', '--gt', path('osprey.json'), '--model', path('internvl'), '--embedder', path('bert'));
    assert.equal(half.status, 2);
    assert.match(half.stderr, /needs both --images <dir> and --model/);
  });
});
