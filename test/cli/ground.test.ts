/**
 * `owseg ground` as a real subprocess on tiny packs: a result per entity with its phrase and points,
 * the overlay and the words' heat maps; the RefCOCO batch scored by `owseg eval res`; bad text refused.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { OwsegResult } from '../../src/core/formats/owseg-result.js';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack } from '../../src/models/sam/index.js';
import { owseg } from '../helpers/cli.js';

let dir: string;
const path = (name: string) => join(dir, name);
const fast = ['--max-tiles', '2'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-ground-cli-'));
  const checkpoint = await writeTinyInternVLCheckpoint(path('checkpoint'), { seed: 5, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, path('internvl'));
  await writeTinySamPack(path('sam'), { layout: 'transformers-sam', seed: 5 });
  const sentence = (raw: string) => ({ raw, sent: raw.toLowerCase(), tokens: raw.toLowerCase().split(' ') });
  const refs = [
    { ref_id: 1, image_id: 1, ann_id: 10, split: 'val', sentences: [sentence('the dog'), sentence('a small animal on the grass')] },
    { ref_id: 2, image_id: 1, ann_id: 4, split: 'val', sentences: [sentence('the house'), sentence('left')] },
  ];
  await writeFile(path('refs.json'), JSON.stringify(refs));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const models = () => ['--model', path('internvl'), '--sam', path('sam')];

describe('owseg ground', { concurrency: true }, () => {
  test('"the dog next to the red ball": one region per entity with its points, an overlay and one heat map per word', async () => {
    const run = await owseg('ground', 'examples/scene.png', 'the dog next to the red ball', ...models(), '-o', path('dog.json'), '--overlay', path('dog.png'), '--maps', path('maps'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('dog.json'), 'utf8')) as OwsegResult;
    assert.equal(result.task, 'ground');
    assert.equal(result.prompt, 'the dog next to the red ball');
    assert.deepEqual(result.regions.map((r) => r.name), ['the dog', 'the red ball']);
    for (const region of result.regions) {
      const points = region.extra?.points as [number, number][];
      const labels = region.extra?.labels as number[];
      assert.equal(points.length, labels.length);
      assert.ok(labels.includes(1) && labels.includes(0));
      assert.ok(region.score! >= 0 && region.score! <= 1);
    }
    assert.deepEqual(result.extra?.words, ['the', 'dog', 'next', 'to', 'the', 'red', 'ball']);
    assert.equal((await sharp(await readFile(path('dog.png'))).metadata()).width, 640);
    const maps = (await readdir(path('maps'))).sort();
    assert.ok(maps.includes('01-dog.png') && maps.includes('06-ball.png'), maps.join(', '));
    assert.match(run.stdout, /owseg ground: "the dog", "the red ball" →/);
  });

  test('the RefCOCO batch writes predictions and ground truth that owseg eval res scores', async () => {
    const run = await owseg('ground', '--refcoco', path('refs.json'), '--instances', 'examples/scene.coco.json', '--images', 'examples', ...models(), '-o', path('pred.json'), '--gt-out', path('gt.json'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /4 sentences \(1 naming nothing, predicted empty\)/);
    const pred = JSON.parse(await readFile(path('pred.json'), 'utf8')) as { id: string; segmentation: unknown }[];
    assert.deepEqual(pred.map((p) => p.id), ['1_0', '1_1', '2_0', '2_1']);
    assert.deepEqual(pred[3]!.segmentation, []);
    const scored = await owseg('eval', 'res', '--gt', path('gt.json'), '--pred', path('pred.json'), '--out', path('res.json'));
    assert.equal(scored.status, 0, scored.stderr);
    const stats = (JSON.parse(await readFile(path('res.json'), 'utf8')) as { stats: Record<string, number> }).stats;
    assert.ok(stats.cIoU! >= 0 && stats.cIoU! <= 1 && stats.gIoU! >= 0 && stats.gIoU! <= 1);
  });

  test('empty text and text with no noun exit 3 naming the text; a bad layer list exits 2', async () => {
    const empty = await owseg('ground', 'examples/scene.png', ' ', ...models(), '-o', path('x.json'), ...fast);
    assert.equal(empty.status, 3);
    assert.match(empty.stderr, /text: expected a phrase to ground/);
    const noNoun = await owseg('ground', 'examples/scene.png', 'quickly to the left', ...models(), '-o', path('x.json'), ...fast);
    assert.equal(noNoun.status, 3);
    assert.match(noNoun.stderr, /text: expected a phrase naming at least one thing/);
    const layers = await owseg('ground', 'examples/scene.png', 'the dog', ...models(), '--layers', 'a,b', '-o', path('x.json'));
    assert.equal(layers.status, 2);
  });
});
