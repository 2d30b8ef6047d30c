/**
 * `owseg refer` as a real subprocess on tiny packs: SAM or file candidates, references, a result
 * with every candidate's score; the gRefCOCO batch scored by `owseg eval gres`; `refer fit` and its
 * head used back; bad command lines and input refused.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { OwsegResult } from '../../src/core/formats/owseg-result.js';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack } from '../../src/models/sam/index.js';
import { segmentationToRle, type Segmentation } from '../../src/core/formats/index.js';
import { owseg } from '../helpers/cli.js';
import { writeMaskGroupsParquet } from '../helpers/maskgroups-parquet.js';

let dir: string;
const path = (name: string) => join(dir, name);
const fast = ['--max-tiles', '2'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-refer-cli-'));
  const checkpoint = await writeTinyInternVLCheckpoint(path('checkpoint'), { seed: 3, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, path('internvl'));
  await writeTinySamPack(path('sam'), { layout: 'transformers-sam', seed: 3 });
  const dog = Buffer.alloc(640 * 480);
  for (let y = 300; y < 380; y++) for (let x = 420; x < 520; x++) dog[y * 640 + x] = 255;
  await sharp(dog, { raw: { width: 640, height: 480, channels: 1 } }).png().toFile(path('ref.png'));
  // gRefCOCO refs over the example scene's annotations (ids 1–10): one, two, and no target.
  const sentence = (raw: string) => ({ raw, sent: raw.toLowerCase(), tokens: raw.toLowerCase().split(' ') });
  const refs = [
    { ref_id: 1, image_id: 1, ann_id: [10], split: 'val', no_target: false, sentences: [sentence('the dog'), sentence('the animal on the grass')] },
    { ref_id: 2, image_id: 1, ann_id: [8, 9], split: 'val', no_target: false, sentences: [sentence('the tree')] },
    { ref_id: 3, image_id: 1, ann_id: [-1], split: 'val', no_target: true, sentences: [sentence('the cat')] },
    { ref_id: 4, image_id: 1, ann_id: [4, 5, 6, 7], split: 'val', no_target: false, sentences: [sentence('the house with its roof')] },
  ];
  await writeFile(path('grefs.json'), JSON.stringify(refs));
  // The same scene as MaskGroups-HQ rows: its annotations are the pool, the targets are copies of some of them.
  const scene = JSON.parse(await readFile('examples/scene.coco.json', 'utf8')) as { annotations: { id: number; segmentation: Segmentation }[] };
  const pool = scene.annotations.map((a) => {
    const rle = segmentationToRle(a.segmentation, 480, 640);
    return { size: [480n, 640n], counts: rle.counts };
  });
  const row = (text: string, targets: number[]) => ({
    image: 'scene.png',
    conversations: [{ from: 'human', value: `<image>\n<mask_pool>\n${text}` }, { from: 'gpt', value: '<mask_pool_group>' }],
    mask_pool: pool,
    gt_mask_pool: targets.map((k) => pool[k - 1]),
    gt_mask_group: [targets.map((_, i) => BigInt(i))],
  });
  await writeMaskGroupsParquet(path('groups.parquet'), [row('the dog', [10]), row('the tree and its trunk', [8, 9]), row('the windows', [7])]);
  await sharp(Buffer.alloc(16, 255), { raw: { width: 4, height: 4, channels: 1 } }).png().toFile(path('small.png'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('owseg refer', { concurrency: true }, () => {
  test('the animals in the example scene, candidates from SAM: every candidate scored, the group selected, an overlay', async () => {
    const run = await owseg('refer', 'examples/scene.png', 'the animals', '--sam', path('sam'), '--model', path('internvl'), '--points-per-side', '4', '--pred-iou-thresh', '0', '--stability-score-thresh', '0', '-o', path('animals.json'), '--overlay', path('animals.png'), '--threshold', '-1000', ...fast);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('animals.json'), 'utf8')) as OwsegResult;
    assert.equal(result.task, 'refer');
    assert.equal(result.prompt, 'the animals');
    assert.ok(result.regions.length > 0);
    for (const region of result.regions) {
      assert.ok(region.score! >= 0 && region.score! <= 1);
      assert.equal(region.extra?.selected, true, 'a threshold below every score selects all');
      assert.equal(typeof region.extra?.logit, 'number');
    }
    assert.deepEqual((result.extra?.selected as number[]).sort((a, b) => a - b), result.regions.map((r) => r.id).sort((a, b) => a - b));
    assert.equal(result.extra?.empty, false);
    assert.equal(result.extra?.head, 'zero-shot');
    assert.ok(existsSync(path('animals.png')));
    assert.match(run.stdout, /owseg refer: \d+ of \d+ candidates/);
  });

  test('candidates from a COCO file and a reference mask; a threshold above every score gives the empty group', async () => {
    const run = await owseg('refer', 'examples/scene.png', 'things like this one', '--candidates', 'examples/scene.coco.json', '--ref', path('ref.png'), '--model', path('internvl'), '--mask-tokens', 'mask2token', '--threshold', '1000', '-o', path('empty.json'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('empty.json'), 'utf8')) as OwsegResult;
    assert.equal(result.regions.length, 10);
    assert.equal(result.extra?.empty, true);
    assert.deepEqual(result.extra?.selected, []);
    assert.equal(result.extra?.references, 1);
    assert.equal(result.extra?.maskTokens, 'mask2token');
    assert.match(run.stdout, /no candidate \(the request refers to nothing here\)/);
  });

  test('the gRefCOCO batch writes predictions and ground truth that owseg eval gres scores', async () => {
    const run = await owseg('refer', '--grefcoco', path('grefs.json'), '--instances', 'examples/scene.coco.json', '--images', 'examples', '--model', path('internvl'), '-o', path('pred.json'), '--gt-out', path('gt.json'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    const pred = JSON.parse(await readFile(path('pred.json'), 'utf8')) as { id: string; no_target: boolean }[];
    const gt = JSON.parse(await readFile(path('gt.json'), 'utf8')) as { id: string; no_target: boolean }[];
    assert.deepEqual(pred.map((p) => p.id), ['1_0', '1_1', '2_0', '3_0', '4_0']);
    assert.deepEqual(gt.map((g) => g.no_target), [false, false, false, true, false]);
    const scored = await owseg('eval', 'gres', '--gt', path('gt.json'), '--pred', path('pred.json'), '--out', path('gres.json'));
    assert.equal(scored.status, 0, scored.stderr);
    const stats = (JSON.parse(await readFile(path('gres.json'), 'utf8')) as { stats: Record<string, number> }).stats;
    for (const key of ['gIoU', 'cIoU', 'N_acc', 'T_acc']) assert.ok(stats[key]! >= 0 && stats[key]! <= 1, `${key} = ${stats[key]}`);
  });

  test('MaskGroups-HQ rows: the batch for owseg eval gres, and a fit whose labels come from IoU with the targets', async () => {
    const run = await owseg('refer', '--maskgroups', path('groups.parquet'), '--images', 'examples', '--model', path('internvl'), '-o', path('mg-pred.json'), '--gt-out', path('mg-gt.json'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    const gt = JSON.parse(await readFile(path('mg-gt.json'), 'utf8')) as { id: string }[];
    assert.deepEqual(gt.map((g) => g.id), ['row0', 'row1', 'row2']);
    const scored = await owseg('eval', 'gres', '--gt', path('mg-gt.json'), '--pred', path('mg-pred.json'));
    assert.equal(scored.status, 0, scored.stderr);
    const fit = await owseg('refer', 'fit', '--data', path('groups.parquet'), '--images', 'examples', '--model', path('internvl'), '-o', path('mg-head.safetensors'), '--epochs', '50', ...fast);
    assert.equal(fit.status, 0, fit.stderr);
    assert.match(fit.stdout, /^candidates {3}30 \(4 in target groups/m);
  });

  test('refer fit trains a head on the gRefCOCO refs, draws its loss curve, and refer uses it', async () => {
    const fit = await owseg('refer', 'fit', '--data', path('grefs.json'), '--instances', 'examples/scene.coco.json', '--images', 'examples', '--model', path('internvl'), '-o', path('head.safetensors'), '--epochs', '200', ...fast);
    assert.equal(fit.status, 0, fit.stderr);
    assert.match(fit.stdout, /^requests {5}5 /m);
    assert.match(fit.stdout, /^candidates {3}50 \(8 in target groups/m);
    assert.match(fit.stdout, /^separable {4}(yes|no)/m);
    const curve = await sharp(await readFile(path('head.loss.png'))).metadata();
    assert.equal(curve.format, 'png');
    assert.ok(existsSync(path('head.safetensors.features')));
    const run = await owseg('refer', 'examples/scene.png', 'the dog', '--candidates', 'examples/scene.coco.json', '--model', path('internvl'), '--head', path('head.safetensors'), '-o', path('headed.json'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(path('headed.json'), 'utf8')) as OwsegResult;
    assert.equal(result.extra?.head, path('head.safetensors'));
    assert.equal(result.extra?.maskTokens, 'pool');
  });

  test('SAM finding no candidate at all gives the empty group, not an error', async () => {
    const run = await owseg('refer', 'examples/scene.png', 'the dog', '--sam', path('sam'), '--points-per-side', '2', '--model', path('internvl'), '-o', path('none.json'), ...fast);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /no candidates to choose from \(the group is empty\)/);
    const result = JSON.parse(await readFile(path('none.json'), 'utf8')) as OwsegResult;
    assert.deepEqual(result.regions, []);
    assert.equal(result.extra?.empty, true);
  });

  test('bad command lines exit 2, bad input exits 3 naming it', async () => {
    const noPool = await owseg('refer', 'examples/scene.png', 'the dog', '--model', path('internvl'), '-o', path('x.json'));
    assert.equal(noPool.status, 2);
    assert.match(noPool.stderr, /exactly one of --sam <model> and --candidates/);
    const noModel = await owseg('refer', 'examples/scene.png', 'the dog', '--candidates', 'examples/scene.coco.json', '-o', path('x.json'));
    assert.equal(noModel.status, 2);
    const emptyText = await owseg('refer', 'examples/scene.png', ' ', '--candidates', 'examples/scene.coco.json', '--model', path('internvl'), '-o', path('x.json'), ...fast);
    assert.equal(emptyText.status, 3);
    assert.match(emptyText.stderr, /text: expected a request in words/);
    const wrongRef = await owseg('refer', 'examples/scene.png', 'the dog', '--candidates', 'examples/scene.coco.json', '--ref', path('small.png'), '--model', path('internvl'), '-o', path('x.json'));
    assert.equal(wrongRef.status, 3);
    assert.match(wrongRef.stderr, /--ref\[0\] .*small\.png: expected a 640×480 mask \(the picture's size\) \(got 4×4\)/);
  });
});
