/**
 * `owseg batch` in local mode as a real subprocess on tiny packs: child processes, per-picture
 * results, the merged LVIS file and the summary; a bad picture recorded and skipped; a run killed
 * with SIGKILL and rerun gives the same merged file byte for byte as an uninterrupted one; changed
 * options on a half-done folder are refused; COCO input for naming, text lists, dense panoptic.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Lvis } from '../../src/core/formats/index.js';
import { owseg } from '../helpers/cli.js';
import { startOwseg } from '../helpers/cli-process.js';
import { drawPicture, QUICK, writePoison, writeTinyPacks } from './fixtures.js';

let dir: string;
let packs: { sam: string; internvl: string };
const path = (name: string) => join(dir, name);
const journalLines = async (out: string) => (await readFile(join(out, 'journal.jsonl'), 'utf8').catch(() => '')).split('\n').filter((l) => l !== '').slice(1).map((l) => JSON.parse(l) as { key: string; status: string; reason?: string });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-batch-local-'));
  packs = await writeTinyPacks(path('packs'));
  for (let i = 0; i < 6; i++) await drawPicture(path(`pictures/${i < 3 ? '' : 'more/'}p${i}.png`), i);
  await writePoison(path('pictures/broken.png'));
  await drawPicture(path('pictures/huge.png'), 9, 200, 100);
  await writeFile(path('pictures/notes.txt'), 'not listed: no picture extension');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const everything = (input: string, out: string, ...more: string[]) =>
  ['batch', input, '-o', out, '--task', 'everything', '--sam', packs.sam, '--name', packs.internvl, '--max-pixels', '10000', ...QUICK, ...more];

describe('owseg batch (local)', () => {
  test('2 workers: every picture once, bad ones failed with their reason, merged LVIS with names as categories, summary', async () => {
    const run = await owseg(...everything(path('pictures'), path('two'), '--workers', '2'));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /6\/8 images done, 2 failed, \d+ masks, \d+ distinct names/);
    const lines = await journalLines(path('two'));
    assert.deepEqual(lines.map((l) => l.key).sort(), ['broken.png', 'huge.png', 'more/p3.png', 'more/p4.png', 'more/p5.png', 'p0.png', 'p1.png', 'p2.png']);
    assert.match(lines.find((l) => l.key === 'broken.png')!.reason!, /readable image/);
    assert.match(lines.find((l) => l.key === 'huge.png')!.reason!, /at most 10000 pixels/);
    assert.ok(existsSync(path('two/results/more/p3.png.json')));
    const lvis = JSON.parse(await readFile(path('two/dataset.lvis.json'), 'utf8')) as Lvis;
    assert.deepEqual(lvis.images.map((i) => i.file_name), ['more/p3.png', 'more/p4.png', 'more/p5.png', 'p0.png', 'p1.png', 'p2.png']);
    assert.ok(lvis.annotations.length > 0);
    for (const category of lvis.categories) assert.equal(category.instance_count, lvis.annotations.filter((a) => a.category_id === category.id).length);
    const summary = JSON.parse(await readFile(path('two/summary.json'), 'utf8')) as { done: number; failed: { image: string }[]; masks: number };
    assert.equal(summary.done, 6);
    assert.deepEqual(summary.failed.map((f) => f.image), ['broken.png', 'huge.png']);
    assert.equal(summary.masks, lvis.annotations.length);
  });

  test('the issue\'s command: owseg batch examples/ --task everything --workers 2', async () => {
    const run = await owseg('batch', 'examples/', '-o', path('examples'), '--task', 'everything', '--sam', packs.sam, '--name', packs.internvl, '--workers', '2', ...QUICK);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2\/2 images done, 0 failed/);
    const lvis = JSON.parse(await readFile(path('examples/dataset.lvis.json'), 'utf8')) as Lvis;
    assert.deepEqual(lvis.images.map((i) => i.file_name), ['scene.panoptic/scene.png', 'scene.png']);
  });

  test('killed with SIGKILL mid-run and run again: nothing done twice, merged file byte-identical to an uninterrupted run', async () => {
    const reference = await owseg(...everything(path('pictures'), path('whole')));
    assert.equal(reference.status, 0, reference.stderr);
    const first = startOwseg(...everything(path('pictures'), path('resumed')));
    let seen = 0;
    while (seen < 2) {
      await sleep(20);
      seen = (await journalLines(path('resumed'))).length;
    }
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = (await journalLines(path('resumed'))).length;
    assert.ok(atKill < 8, `the run was still going when killed (${atKill} of 8 journalled)`);
    const second = await owseg(...everything(path('pictures'), path('resumed')));
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`${8 - atKill} processed`));
    const keys = (await journalLines(path('resumed'))).map((l) => l.key);
    assert.equal(new Set(keys).size, keys.length, 'no picture journalled twice');
    assert.equal(keys.length, 8);
    assert.deepEqual(await readFile(path('resumed/dataset.lvis.json')), await readFile(path('whole/dataset.lvis.json')));
  });

  test('a half-done folder refuses other task options (exit 3), naming what changed', async () => {
    const changed = await owseg('batch', path('pictures'), '-o', path('whole'), '--task', 'everything', '--sam', packs.sam, '--name', packs.internvl, '--max-pixels', '10000', ...QUICK.map((v) => (v === '4' ? '5' : v)));
    assert.equal(changed.status, 3);
    assert.match(changed.stderr, /task options of the half-done run.*everything: \{[^}]*"pointsPerSide":4[^}]*\} there, \{[^}]*"pointsPerSide":5/);
  });

  test('--task name over a COCO file names its masks; a text list of paths works as input', async () => {
    await copyFile('examples/scene.png', path('scene.png'));
    await copyFile('examples/scene.coco.json', path('scene.coco.json'));
    const named = await owseg('batch', path('scene.coco.json'), '-o', path('named'), '--task', 'name', '--model', packs.internvl, ...QUICK.slice(6));
    assert.equal(named.status, 0, named.stderr);
    const coco = JSON.parse(await readFile('examples/scene.coco.json', 'utf8')) as { annotations: unknown[] };
    const lvis = JSON.parse(await readFile(path('named/dataset.lvis.json'), 'utf8')) as Lvis;
    assert.equal(lvis.annotations.length, coco.annotations.length);
    await writeFile(path('list.txt'), '# two pictures\npictures/p0.png\n\npictures/more/p4.png\n');
    const listed = await owseg('batch', path('list.txt'), '-o', path('listed'), '--sam', packs.sam, ...QUICK);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /2\/2 images done/);
  });

  test('--task dense writes COCO panoptic for the whole set', async () => {
    const run = await owseg('batch', path('list.txt'), '-o', path('dense'), '--task', 'dense', '--sam', packs.sam, '--model', packs.internvl, '--top-n', '6', ...QUICK);
    assert.equal(run.status, 0, run.stderr);
    const panoptic = JSON.parse(await readFile(path('dense/panoptic.json'), 'utf8')) as { annotations: { file_name: string }[] };
    assert.deepEqual(panoptic.annotations.map((a) => a.file_name), ['pictures__more__p4.png', 'pictures__p0.png']);
  });

  test('--task ground grounds one text in every picture', async () => {
    const run = await owseg('batch', path('list.txt'), '-o', path('ground'), '--task', 'ground', '--text', 'the red block', '--sam', packs.sam, '--model', packs.internvl, '--max-tiles', '2');
    assert.equal(run.status, 0, run.stderr);
    const lvis = JSON.parse(await readFile(path('ground/dataset.lvis.json'), 'utf8')) as Lvis;
    assert.deepEqual(lvis.categories.map((c) => [c.name, c.image_count]), [['the red block', 2]]);
  });

  test('bad command lines exit 2', async () => {
    assert.equal((await owseg('batch', path('pictures'), '-o', path('x'), '--task', 'dense', '--sam', packs.sam)).status, 2);
    assert.equal((await owseg('batch', path('pictures'), '-o', path('x'), '--task', 'ground', '--sam', packs.sam, '--model', packs.internvl)).status, 2);
    assert.equal((await owseg('batch', path('pictures'), '-o', path('x'), '--task', 'paint')).status, 2);
  });
});
