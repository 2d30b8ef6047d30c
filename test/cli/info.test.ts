/**
 * `owseg info` run as a real subprocess on files written here: text and JSON output for every
 * format, exit code 3 for an invalid file, 2 for a bad command line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { summarize } from '../../src/core/formats/summary.js';
import type { AnnotationFile } from '../../src/core/formats/detect.js';
import { owseg } from '../helpers/cli.js';
import { cocoFixture, lvisFixture, owsegFixture, resultsFixture } from '../core/formats/fixtures.js';

let dir: string;
const files: Record<AnnotationFile['format'], string> = {
  'coco-instances': '',
  lvis: '',
  'coco-results': '',
  'owseg-result': '',
};
const data: Record<AnnotationFile['format'], unknown> = {
  'coco-instances': cocoFixture(),
  lvis: lvisFixture(),
  'coco-results': resultsFixture(),
  'owseg-result': owsegFixture(),
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-info-'));
  for (const format of Object.keys(files) as AnnotationFile['format'][]) {
    files[format] = join(dir, `${format}.json`);
    await writeFile(files[format], JSON.stringify(data[format]));
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each case is a separate process; running them side by side keeps the file fast.
describe('owseg info', { concurrency: true }, () => {
  test('COCO instances as aligned text', async () => {
    const { status, stdout, stderr } = await owseg('info', files['coco-instances']);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.equal(
      stdout,
      [
        `file          ${files['coco-instances']}`,
        'format        COCO instances',
        'images        2',
        'annotations   3',
        'crowd         1',
        'categories    2',
        'segmentation  1 polygon, 1 compressed RLE, 1 uncompressed RLE',
        'area          min 3, median 5, max 12',
        '',
        'top categories  annotations',
        '  cat (1)                 2',
        '  dog (3)                 1',
        '',
      ].join('\n'),
    );
  });

  test('LVIS shows the frequency split', async () => {
    const { status, stdout } = await owseg('info', files.lvis);
    assert.equal(status, 0);
    assert.match(stdout, /^format +LVIS$/m);
    assert.ok(stdout.includes('frequency   categories  annotations\n  rare               1            0\n  common             1            2\n  frequent           1            1\n'));
  });

  test('COCO results show the score range', async () => {
    const { status, stdout } = await owseg('info', files['coco-results']);
    assert.equal(status, 0);
    assert.match(stdout, /^format +COCO results$/m);
    assert.match(stdout, /^results +3$/m);
    assert.match(stdout, /^score +0\.25 to 0\.9$/m);
    assert.match(stdout, /^ {2}category 1 +2$/m);
  });

  test('owseg results show image, model, regions and names', async () => {
    const { status, stdout } = await owseg('info', files['owseg-result']);
    assert.equal(status, 0);
    assert.match(stdout, /^format +owseg result \(version 1\)$/m);
    assert.match(stdout, /^image +photos\/cat\.jpg \(5 x 4\)$/m);
    assert.match(stdout, /^model +sam-tiny \(sam, pack packs\/sam-tiny\)$/m);
    assert.match(stdout, /^regions +3$/m);
    assert.match(stdout, /^named +2$/m);
    assert.match(stdout, /^unnamed +1$/m);
    assert.match(stdout, /^score +0\.5 to 0\.75$/m);
    assert.match(stdout, /^ {2}cat +2$/m);
  });

  test('--json prints the library summary with the file name', async () => {
    const formats = Object.keys(files) as AnnotationFile['format'][];
    const runs = await Promise.all(formats.map((format) => owseg('info', '--json', files[format])));
    formats.forEach((format, i) => {
      assert.equal(runs[i]!.status, 0);
      const expected = { file: files[format], ...summarize({ format, data: data[format] } as AnnotationFile) };
      assert.deepEqual(JSON.parse(runs[i]!.stdout), JSON.parse(JSON.stringify(expected)));
    });
  });

  test('an invalid file exits 3 with the offending field on stderr', async () => {
    const bad = cocoFixture();
    bad.annotations[1]!.image_id = 42;
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify(bad));
    const [{ status, stdout, stderr }, missing] = await Promise.all([owseg('info', path), owseg('info', join(dir, 'missing.json'))]);
    assert.equal(status, 3);
    assert.equal(stdout, '');
    assert.equal(stderr, `owseg: ${path}: annotations[1].image_id: expected the id of an image (no image has id 42)\n`);
    assert.equal(missing.status, 3);
    assert.equal(missing.stderr, `owseg: ${join(dir, 'missing.json')}: expected an existing file (no such file)\n`);
  });

  test('a bad command line exits 2', async () => {
    const [noFile, badOption] = await Promise.all([owseg('info'), owseg('info', '--colour', files.lvis)]);
    assert.equal(noFile.status, 2);
    assert.match(noFile.stderr, /missing required argument 'file'/);
    assert.equal(badOption.status, 2);
  });
});
