/**
 * `owseg eval` as a real subprocess: the printed table, the `--out` record with exactly the
 * contracted stat keys, lenient skips, and the exit codes for bad command lines and bad files.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { owseg } from '../helpers/cli.js';
import { cocoFixture, resultsFixture } from '../core/formats/fixtures.js';

let dir: string;
const path = (name: string) => join(dir, name);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-eval-'));
  await writeFile(path('gt.json'), JSON.stringify(cocoFixture()));
  await writeFile(path('results.json'), JSON.stringify(resultsFixture()));
  await writeFile(path('unknown-image.json'), JSON.stringify([...resultsFixture(), { image_id: 99, category_id: 1, segmentation: [[0, 0, 2, 0, 2, 2]], score: 0.3 }]));
  // Referring exchange files: one sample hit exactly, one no-target sample answered empty.
  const square = { size: [4, 4], counts: [5, 2, 2, 2, 5] };
  await writeFile(path('ref-gt.json'), JSON.stringify([{ id: 1, segmentation: square }, { id: 2, segmentation: [], size: [4, 4] }]));
  await writeFile(path('ref-pred.json'), JSON.stringify([{ id: 1, segmentation: square }, { id: 2, segmentation: [] }]));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('owseg eval', { concurrency: true }, () => {
  test('coco-ap prints the 12 stats and --out writes exactly them', async () => {
    const run = await owseg('eval', 'coco-ap', '--gt', path('gt.json'), '--pred', path('results.json'), '--out', path('ap.json'));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^metric {2}coco-ap\nAP {5}\S+\nAP50 /);
    const record = JSON.parse(await readFile(path('ap.json'), 'utf8')) as { metric: string; stats: Record<string, number> };
    assert.equal(record.metric, 'coco-ap');
    assert.deepEqual(Object.keys(record.stats), ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl']);
    for (const value of Object.values(record.stats)) assert.ok(value === -1 || (value >= 0 && value <= 1));
  });

  test('--agnostic pools categories and can change AP', async () => {
    const run = await owseg('eval', 'coco-ap', '--agnostic', '--gt', path('gt.json'), '--pred', path('results.json'), '--out', path('agnostic.json'));
    assert.equal(run.status, 0, run.stderr);
    const record = JSON.parse(await readFile(path('agnostic.json'), 'utf8')) as { stats: Record<string, number> };
    assert.equal(Object.keys(record.stats).length, 12);
  });

  test('a prediction for an unknown image: exit 3 naming the record; --lenient skips and reports it', async () => {
    const strict = await owseg('eval', 'coco-ap', '--gt', path('gt.json'), '--pred', path('unknown-image.json'), '--out', path('never.json'));
    assert.equal(strict.status, 3);
    assert.match(strict.stderr, /unknown-image\.json: \[3\]\.image_id/);
    assert.equal(existsSync(path('never.json')), false);

    const lenient = await owseg('eval', 'coco-ap', '--lenient', '--gt', path('gt.json'), '--pred', path('unknown-image.json'), '--out', path('lenient.json'));
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.match(lenient.stdout, /skipped .*1 /);
    const record = JSON.parse(await readFile(path('lenient.json'), 'utf8')) as { skipped: Record<string, number> };
    assert.equal(Object.values(record.skipped).reduce((a, b) => a + b, 0), 1);
  });

  test('gres and res on the referring exchange format', async () => {
    const gres = await owseg('eval', 'gres', '--gt', path('ref-gt.json'), '--pred', path('ref-pred.json'), '--out', path('gres.json'));
    assert.equal(gres.status, 0, gres.stderr);
    const record = JSON.parse(await readFile(path('gres.json'), 'utf8')) as { stats: Record<string, number> };
    assert.deepEqual(record.stats, { gIoU: 1, cIoU: 1, N_acc: 1, T_acc: 1 });
    const res = await owseg('eval', 'res', '--gt', path('ref-gt.json'), '--pred', path('ref-pred.json'));
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^metric {2}res\ncIoU /);
  });

  test('bad command lines exit 2: unknown metric, missing --gt, region-recognition without --embedder', async () => {
    assert.equal((await owseg('eval', 'bleu', '--gt', 'a', '--pred', 'b')).status, 2);
    assert.equal((await owseg('eval', 'coco-ap', '--pred', path('results.json'))).status, 2);
    const noEmbedder = await owseg('eval', 'region-recognition', '--gt', path('gt.json'), '--pred', path('results.json'));
    assert.equal(noEmbedder.status, 2);
    assert.match(noEmbedder.stderr, /--embedder/);
  });
});
