/**
 * `owseg draw` as a real subprocess: overlays from each file format, image selection in
 * multi-image files, and failures that exit with the documented code and write nothing.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { regionFromMask, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION } from '../../src/core/formats/owseg-result.js';
import type { OwsegResult } from '../../src/core/formats/owseg-result.js';
import type { CocoInstances } from '../../src/core/formats/coco.js';
import { loadImage } from '../../src/core/image/load.js';
import { owseg } from '../helpers/cli.js';
import { rectangleMask } from '../helpers/random.js';

const width = 40;
const height = 30;
const grey = 100;
let dir: string;
const path = (name: string) => join(dir, name);

const rectangle = (x0: number, y0: number, x1: number, y1: number) => rectangleMask(height, width, [x0, y0, x1, y1]);

const result: OwsegResult = {
  format: OWSEG_RESULT_FORMAT,
  version: OWSEG_RESULT_VERSION,
  image: { path: 'grey.png', width, height },
  regions: [
    regionFromMask(0, rectangle(5, 5, 20, 20), { name: 'box', score: 0.9 }),
    regionFromMask(1, rectangle(25, 2, 38, 10), { name: 'weak', score: 0.2 }),
  ],
};

const coco: CocoInstances = {
  images: [
    { id: 1, width, height, file_name: 'other.png' },
    { id: 7, width, height, file_name: 'grey.png' },
  ],
  categories: [{ id: 1, name: 'thing' }],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]], area: 100, bbox: [0, 0, 10, 10] },
    { id: 2, image_id: 7, category_id: 1, segmentation: [[20, 10, 30, 10, 30, 20, 20, 20]], area: 100, bbox: [20, 10, 10, 10] },
  ],
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-draw-'));
  await sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey, b: grey } } }).png().toFile(path('grey.png'));
  await writeFile(path('result.json'), JSON.stringify(result));
  await writeFile(path('coco.json'), JSON.stringify(coco));
  await writeFile(path('wrong-size.json'), JSON.stringify({ ...coco, images: coco.images.map((image) => ({ ...image, width: 41 })) }));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pixel = (image: { width: number; data: Uint8Array }, x: number, y: number) => [...image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3)];

describe('owseg draw', { concurrency: true }, () => {
  test('overlays an owseg result: region interiors tinted, the rest untouched', async () => {
    const run = await owseg('draw', path('grey.png'), path('result.json'), '-o', path('out.png'), '--no-labels');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 regions/);
    const out = await loadImage(path('out.png'));
    assert.deepEqual([out.width, out.height], [width, height]);
    assert.notDeepEqual(pixel(out, 12, 12), [grey, grey, grey]);
    assert.deepEqual(pixel(out, 1, 28), [grey, grey, grey]);
  });

  test('--min-score leaves out low-scored regions', async () => {
    const run = await owseg('draw', path('grey.png'), path('result.json'), '-o', path('strong.png'), '--no-labels', '--min-score', '0.5');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /1 regions/);
    const out = await loadImage(path('strong.png'));
    assert.deepEqual(pixel(out, 30, 5), [grey, grey, grey]);
  });

  test('labels are drawn by default', async () => {
    const plain = await owseg('draw', path('grey.png'), path('result.json'), '-o', path('plain.png'), '--no-labels');
    const labelled = await owseg('draw', path('grey.png'), path('result.json'), '-o', path('labelled.png'));
    assert.equal(plain.status, 0, plain.stderr);
    assert.equal(labelled.status, 0, labelled.stderr);
    assert.notDeepEqual((await loadImage(path('plain.png'))).data, (await loadImage(path('labelled.png'))).data);
  });

  test('a COCO file with several images: the one named like the picture, or --image-id', async () => {
    const byName = await owseg('draw', path('grey.png'), path('coco.json'), '-o', path('by-name.png'), '--no-labels');
    assert.equal(byName.status, 0, byName.stderr);
    const named = await loadImage(path('by-name.png'));
    assert.notDeepEqual(pixel(named, 25, 15), [grey, grey, grey]);
    assert.deepEqual(pixel(named, 5, 5), [grey, grey, grey]);

    const byId = await owseg('draw', path('grey.png'), path('coco.json'), '-o', path('by-id.png'), '--no-labels', '--image-id', '1');
    assert.equal(byId.status, 0, byId.stderr);
    const chosen = await loadImage(path('by-id.png'));
    assert.notDeepEqual(pixel(chosen, 5, 5), [grey, grey, grey]);
    assert.deepEqual(pixel(chosen, 25, 15), [grey, grey, grey]);
  });

  test('a file whose image size differs from the picture: exit 3, the field named, nothing written', async () => {
    await writeFile(path('kept.png'), 'previous contents');
    const run = await owseg('draw', path('grey.png'), path('wrong-size.json'), '-o', path('kept.png'));
    assert.equal(run.status, 3);
    assert.match(run.stderr, /wrong-size\.json: images\[1\]: expected width 40 and height 30 \(the picture's size\) \(the file says 41×30\)/);
    assert.equal(await readFile(path('kept.png'), 'utf8'), 'previous contents');
  });

  test('an unknown image id: exit 3, nothing written', async () => {
    const run = await owseg('draw', path('grey.png'), path('coco.json'), '-o', path('none.png'), '--image-id', '99');
    assert.equal(run.status, 3);
    assert.match(run.stderr, /images: expected an image with id 99/);
    assert.equal(existsSync(path('none.png')), false);
  });

  test('not an image: exit 3, nothing written', async () => {
    const run = await owseg('draw', path('result.json'), path('result.json'), '-o', path('never.png'));
    assert.equal(run.status, 3);
    assert.equal(existsSync(path('never.png')), false);
  });

  test('usage errors exit 2: no output flag, an alpha out of range', async () => {
    assert.equal((await owseg('draw', path('grey.png'), path('result.json'))).status, 2);
    const alpha = await owseg('draw', path('grey.png'), path('result.json'), '-o', path('x.png'), '--alpha', '1.5');
    assert.equal(alpha.status, 2);
    assert.match(alpha.stderr, /--alpha/);
  });
});
