/**
 * `owseg dense` as a real subprocess on tiny packs: COCO panoptic that `owseg eval pq` scores (a
 * prediction against itself is exactly 1), an overlay, a closed vocabulary's ids, a folder of
 * pictures, and the refinement loop against the example scene's ground truth with PQ per round.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { OwsegResult } from '../../src/core/formats/owseg-result.js';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack } from '../../src/models/sam/index.js';
import { writeTinyBert } from '../../src/models/text/index.js';
import { owseg } from '../helpers/cli.js';

let dir: string;
const path = (name: string) => join(dir, name);
const quick = ['--points-per-side', '6', '--pred-iou-thresh', '0', '--stability-score-thresh', '0', '--max-new-tokens', '2', '--max-tiles', '2', '--top-n', '12'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-dense-cli-'));
  const checkpoint = await writeTinyInternVLCheckpoint(path('checkpoint'), { seed: 7, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, path('internvl'));
  await writeTinySamPack(path('sam'), { layout: 'transformers-sam', seed: 7 });
  await writeTinyBert(path('bert'), { seed: 7 });
  await mkdir(path('pictures'));
  await copyFile('examples/scene.png', path('pictures/one.png'));
  await copyFile('examples/scene.png', path('pictures/two.png'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const models = () => ['--sam', path('sam'), '--model', path('internvl')];

describe('owseg dense', { concurrency: true }, () => {
  test('writes COCO panoptic that owseg eval pq reads (against itself exactly 1), an owseg result and an overlay', async () => {
    const run = await owseg('dense', 'examples/scene.png', ...models(), '-o', path('scene.json'), '--panoptic-json', path('scene-panoptic.json'), '--panoptic', path('scene-panoptic.png'), '--overlay', path('overlay.png'), ...quick);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /examples\/scene\.png: \d+ candidates, \d+ kept, \d+ segments/);
    const result = JSON.parse(await readFile(path('scene.json'), 'utf8')) as OwsegResult;
    assert.equal(result.task, 'dense');
    assert.ok(result.regions.length > 0);
    for (const region of result.regions) assert.equal(typeof region.extra?.isthing, 'boolean');
    assert.ok(existsSync(path('scene-panoptic/scene.png')) && existsSync(path('scene-panoptic.png')) && existsSync(path('overlay.png')));
    const scored = await owseg('eval', 'pq', '--gt', path('scene-panoptic.json'), '--pred', path('scene-panoptic.json'), '--out', path('pq.json'));
    assert.equal(scored.status, 0, scored.stderr);
    const stats = (JSON.parse(await readFile(path('pq.json'), 'utf8')) as { stats: Record<string, number> }).stats;
    for (const key of ['PQ', 'SQ', 'RQ', 'PQ_th', 'PQ_st']) assert.equal(stats[key], 1, key);
  });

  test('--vocabulary coco-panoptic writes COCO panoptic category ids and names', async () => {
    const run = await owseg('dense', 'examples/scene.png', ...models(), '-o', path('vocab.json'), '--panoptic-json', path('vocab-panoptic.json'), '--vocabulary', 'coco-panoptic', '--embedder', path('bert'), ...quick);
    assert.equal(run.status, 0, run.stderr);
    const json = JSON.parse(await readFile(path('vocab-panoptic.json'), 'utf8')) as { categories: { id: number; name: string }[] };
    const { COCO_PANOPTIC } = await import('../../src/eval/vocabularies/index.js');
    const known = new Map(COCO_PANOPTIC.classes.map((c) => [c.id, c.label]));
    for (const category of json.categories.filter((c) => !c.name.startsWith('placeholder'))) assert.equal(known.get(category.id), category.name);
  });

  test('a folder of pictures: one result per picture and one panoptic JSON for all', async () => {
    const run = await owseg('dense', path('pictures'), ...models(), '-o', path('folder-results'), '--panoptic-json', path('folder.json'), ...quick);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(existsSync(path('folder-results/one.json')) && existsSync(path('folder-results/two.json')));
    const json = JSON.parse(await readFile(path('folder.json'), 'utf8')) as { annotations: { file_name: string }[] };
    assert.deepEqual(json.annotations.map((a) => a.file_name), ['one.png', 'two.png']);
  });

  test('refines against the example ground truth: PQ per round printed and drawn', async () => {
    const run = await owseg('dense', 'examples/scene.png', ...models(), '-o', path('refined.json'), '--panoptic-json', path('refined-panoptic.json'), '--refine-with', 'examples/scene.panoptic.json', '--rounds', '2', '--embedder', path('bert'), ...quick);
    assert.equal(run.status, 0, run.stderr);
    for (const round of [0, 1, 2]) assert.match(run.stdout, new RegExp(`round ${round}: PQ \\d\\.\\d{4}`));
    assert.match(run.stdout, /round 1: .* (incomplete|missed|wrong-category) → (renamed|added|extended|nothing)/);
    assert.ok(existsSync(path('refined.pq.png')));
  });

  test('bad command lines exit 2', async () => {
    const noPanoptic = await owseg('dense', 'examples/scene.png', ...models(), '-o', path('x.json'));
    assert.equal(noPanoptic.status, 2);
    const badJson = await owseg('dense', 'examples/scene.png', ...models(), '-o', path('x.json'), '--panoptic-json', path('x.txt'));
    assert.equal(badJson.status, 2);
    assert.match(badJson.stderr, /--panoptic-json must end in \.json/);
    const refineFolder = await owseg('dense', path('pictures'), ...models(), '-o', path('y'), '--panoptic-json', path('y.json'), '--refine-with', 'examples/scene.panoptic.json');
    assert.equal(refineFolder.status, 2);
  });
});
