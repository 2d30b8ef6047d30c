/**
 * `owseg segment` as a real subprocess on a tiny SAM pack: the result file holds exactly the
 * generator's masks, the overlay is written, and bad flags or packs fail with the documented codes.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readOwsegResult } from '../../../src/core/formats/index.js';
import { loadImage, saveImage, type RgbImage } from '../../../src/core/image/index.js';
import { toBbox } from '../../../src/core/rle/index.js';
import { loadSam, writeTinySamPack } from '../../../src/models/sam/index.js';
import { generateEverything, samPredictor } from '../../../src/tasks/everything/index.js';
import { owseg } from '../../helpers/cli.js';
import { seededRandom } from '../../helpers/random.js';

let dir: string;
const path = (name: string): string => join(dir, name);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-segment-'));
  await writeTinySamPack(path('sam'), { layout: 'transformers-sam', seed: 5 });
  const random = seededRandom(9);
  const image: RgbImage = { width: 56, height: 40, data: Uint8Array.from({ length: 56 * 40 * 3 }, () => Math.floor(random() * 256)) };
  await saveImage(image, path('picture.png'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('the result file holds the generator’s masks, in order, with SAM’s scores', async () => {
  const flags = ['--points-per-side', '3', '--pred-iou-thresh', '0', '--stability-score-thresh', '0.1', '--points-per-batch', '4'];
  const run = await owseg('segment', path('picture.png'), '--sam', path('sam'), '-o', path('result.json'), '--overlay', path('overlay.png'), ...flags);
  assert.equal(run.status, 0, run.stderr);
  const result = await readOwsegResult(path('result.json'));
  const model = await loadSam(path('sam'));
  const image = await loadImage(path('picture.png'));
  const masks = await generateEverything(samPredictor(model), image, { pointsPerSide: 3, predIouThresh: 0, stabilityScoreThresh: 0.1 });
  await model.release();
  assert.ok(masks.length > 0);
  assert.equal(result.task, 'everything');
  assert.deepEqual(result.extra, { options: { pointsPerSide: 3, pointsPerBatch: 4, predIouThresh: 0, stabilityScoreThresh: 0.1 } });
  assert.deepEqual(
    result.regions,
    masks.map((m, i) => ({
      id: i + 1,
      segmentation: m.segmentation,
      bbox: toBbox(m.segmentation),
      area: m.area,
      predictedIou: m.predictedIou,
      stabilityScore: m.stabilityScore,
      extra: { pointCoords: m.pointCoords, cropBox: m.cropBox, samBbox: m.bbox },
    })),
  );
  const overlay = await loadImage(path('overlay.png'));
  assert.deepEqual([overlay.width, overlay.height], [56, 40]);
});

test('bad values and impossible combinations are usage errors; a bad pack is invalid input; nothing is written', async () => {
  const base = ['segment', path('picture.png'), '--sam', path('sam'), '-o', path('bad.json')];
  for (const flags of [
    ['--pred-iou-thresh', '1.5'],
    ['--points-per-side', '0'],
    ['--crop-n-layers', '-1'],
    ['--min-mask-region-area', '2.5'],
    ['--crop-overlap-ratio', 'x'],
    ['--points-per-side', '3', '--crop-n-layers', '2', '--crop-n-points-downscale-factor', '2'],
  ]) {
    const run = await owseg(...base, ...flags);
    assert.equal(run.status, 2, `${flags.join(' ')}: ${run.stderr}`);
  }
  const missing = await owseg('segment', path('picture.png'), '--sam', path('nowhere'), '-o', path('bad.json'));
  assert.equal(missing.status, 3, missing.stderr);
  assert.match(missing.stderr, /nowhere/);
  assert.equal(existsSync(path('bad.json')), false);
});

test('--help names every generator option after the reference parameter', async () => {
  const { stdout, status } = await owseg('segment', '--help');
  assert.equal(status, 0);
  for (const flag of [
    'points-per-side',
    'points-per-batch',
    'pred-iou-thresh',
    'stability-score-thresh',
    'stability-score-offset',
    'box-nms-thresh',
    'crop-n-layers',
    'crop-nms-thresh',
    'crop-overlap-ratio',
    'crop-n-points-downscale-factor',
    'min-mask-region-area',
  ]) {
    assert.match(stdout, new RegExp(`--${flag} `));
  }
});
