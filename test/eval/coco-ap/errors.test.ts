/**
 * Bad predictions and options: errors that name the record and field, lenient mode's skipping and
 * counting, and the file entry point (file names in messages, indices kept across skipped records).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import * as rle from '../../../src/core/rle/index.js';
import { evaluateCocoAp, evaluateCocoApFiles } from '../../../src/eval/coco-ap/index.js';
import { instances, prediction, rect, truth } from './cases.js';

const mask = rect(10, 10, 40, 40);
const gt = instances([truth(1, 1, mask), truth(2, 2, rect(0, 0, 20, 20))], [1, 2], [1, 3]);
const good = [prediction(1, mask, 0.9), prediction(2, rect(0, 0, 20, 25), 0.4)];
const wrongSize = rle.encode({ height: 10, width: 12, data: new Uint8Array(120) });

function throwsInput(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, String(error));
    assert.equal(error.message, message);
    return true;
  });
}

describe('evaluateCocoAp input errors', () => {
  it('names an unknown image, category, a wrong size and a repeated id', () => {
    throwsInput(
      () => evaluateCocoAp(gt, [...good, prediction(999, mask, 0.5)]),
      'results[2].image_id: expected an image id of the ground truth (got 999)',
    );
    throwsInput(
      () => evaluateCocoAp(gt, [prediction(1, mask, 0.5, { category_id: 2 })]),
      'results[0].category_id: expected a category id of the ground truth (got 2)',
    );
    throwsInput(
      () => evaluateCocoAp(gt, [...good, prediction(2, wrongSize, 0.5)]),
      'results[2].segmentation.size: expected [200, 200], the height and width of image 2 (got [10, 12])',
    );
    throwsInput(
      () => evaluateCocoAp(gt, [prediction(1, mask, 0.5, { id: 4 }), prediction(2, mask, 0.5, { id: 4 })]),
      'results[1].id: expected a unique id (4 is also the id of [0])',
    );
  });

  it('lenient: skips and counts by reason, and scores the rest as if they were alone', () => {
    const bad = [
      prediction(999, mask, 0.99),
      prediction(1, mask, 0.99, { category_id: 5 }),
      prediction(1, wrongSize, 0.99),
      prediction(1, rect(100, 100, 5, 5), 0.99, { id: 1 }),
      prediction(1, rect(100, 100, 5, 5), 0.99, { id: 1 }),
    ];
    const result = evaluateCocoAp(gt, [...bad, ...good], { lenient: true });
    assert.deepEqual(result.skipped, { unknownImage: 1, unknownCategory: 1, wrongSize: 1, duplicateId: 1 });
    const alone = evaluateCocoAp(gt, [bad[3]!, ...good]);
    assert.deepEqual(result.stats, alone.stats);
    assert.equal(result.counts.detections, 3);
  });

  it('rejects bad options', () => {
    throwsInput(() => evaluateCocoAp(gt, good, { maxDets: [10, 10] }), 'maxDets: expected distinct values (10 is repeated)');
    throwsInput(() => evaluateCocoAp(gt, good, { iouThresholds: [0.5, 1.5] }), 'iouThresholds[1]: expected a number from 0 to 1 (got 1.5)');
    throwsInput(() => evaluateCocoAp(gt, [prediction(1, mask, Number.NaN)]), 'results[0].score: expected a finite number (got NaN)');
  });
});

describe('evaluateCocoApFiles', () => {
  let dir = '';
  const gtPath = () => join(dir, 'instances.json');
  const predPath = () => join(dir, 'results.json');
  const write = (results: unknown) => writeFile(predPath(), JSON.stringify(results));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'owseg-coco-ap-'));
    await writeFile(gtPath(), JSON.stringify(gt));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('gives the same numbers as the in-memory call, pooled or not', async () => {
    await write(good);
    const progress: number[] = [];
    const result = await evaluateCocoApFiles(gtPath(), predPath(), { onProgress: (done) => progress.push(done) });
    assert.deepEqual(result.stats, evaluateCocoAp(gt, good).stats);
    assert.deepEqual(progress, [1, 2]);
    const pooled = await evaluateCocoApFiles(gtPath(), predPath(), { agnostic: true });
    assert.deepEqual(pooled.stats, evaluateCocoAp(gt, good, { useCats: false }).stats);
  });

  it('names the file and record', async () => {
    await write([...good, prediction(999, mask, 0.5)]);
    await assert.rejects(evaluateCocoApFiles(gtPath(), predPath()), {
      message: `${predPath()}: [2].image_id: expected an image id of the ground truth (got 999)`,
    });
  });

  it('names the wrongly sized record even when it comes first for its image', async () => {
    await write([prediction(2, wrongSize, 0.5), ...good]);
    await assert.rejects(evaluateCocoApFiles(gtPath(), predPath()), {
      message: `${predPath()}: [0].segmentation.size: expected [200, 200], the height and width of image 2 (got [10, 12])`,
    });
  });

  it('lenient: counts what it skipped, and schema errors keep the file index', async () => {
    await write([prediction(999, mask, 0.5), prediction(2, wrongSize, 0.5), ...good]);
    const result = await evaluateCocoApFiles(gtPath(), predPath(), { lenient: true });
    assert.deepEqual(result.skipped, { unknownImage: 1, unknownCategory: 0, wrongSize: 1, duplicateId: 0 });
    assert.deepEqual(result.stats, evaluateCocoAp(gt, good).stats);
    await write([prediction(999, mask, 0.5), ...good, { ...prediction(1, mask, 0.5), score: 'high' }]);
    await assert.rejects(evaluateCocoApFiles(gtPath(), predPath(), { lenient: true }), {
      message: `${predPath()}: [3].score: expected a number (got "high")`,
    });
  });

  it('rejects a results file that is not an array', async () => {
    await write({ annotations: [] });
    await assert.rejects(evaluateCocoApFiles(gtPath(), predPath()), InvalidInputError);
  });
});
