/**
 * COCO panoptic writing: id colours, categories from free names, one-pixel placeholders for a
 * missing kind, and the written files read back by owseg's reader and scored by owseg and by the
 * numpy replica of panopticapi's pq_average (tools/reference/panoptic_eval.py).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { encodePng } from '../../../src/core/image/save.js';
import { seededRandom } from '../../../src/core/random.js';
import { evaluatePanoptic } from '../../../src/eval/panoptic/evaluate.js';
import { loadPanopticPng, readCocoPanoptic } from '../../../src/eval/readers/panoptic.js';
import { assemblePanoptic } from '../../../src/tasks/dense/assemble.js';
import { encodePanopticIds, panopticJson, writeCocoPanoptic, type CocoPanopticJson } from '../../../src/tasks/dense/coco-panoptic.js';
import { mergeStuff } from '../../../src/tasks/dense/merge-stuff.js';
import type { PanopticImageInput } from '../../../src/tasks/dense/panoptic-images.js';
import { PLACEHOLDER_NAMES, withBothKinds } from '../../../src/tasks/dense/scoreable.js';
import { runOracle } from '../../helpers/python.js';
import { blobMask } from '../../helpers/random.js';
import { idsFromRows, rejectsField, throwsField } from './helpers.js';

const STATS = ['PQ', 'SQ', 'RQ', 'PQ_th', 'SQ_th', 'RQ_th', 'PQ_st', 'SQ_st', 'RQ_st'] as const;

/** An image from a picture of ids and each id's name and kind (segments in ascending id order). */
function image(id: number | string, fileName: string, rows: string[], kinds: Record<number, [string, boolean]>): PanopticImageInput {
  const segments = Object.entries(kinds).map(([key, [name, isthing]]) => ({ id: Number(key), name, isthing }));
  return { id, fileName, map: { ...idsFromRows(rows), segments } };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-dense-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encodePanopticIds', () => {
  test('writes id = R + 256·G + 256²·B, void as black', () => {
    const rgb = encodePanopticIds(Int32Array.of(0, 0x030201, 256 ** 3 - 1), 3, 1);
    assert.deepEqual([...rgb], [0, 0, 0, 1, 2, 3, 255, 255, 255]);
    assert.deepEqual([...encodePanopticIds(Uint32Array.of(256), 1, 1)], [0, 1, 0]);
  });

  test('refuses ids that three bytes cannot hold and a wrong size', () => {
    throwsField(() => encodePanopticIds(Int32Array.of(256 ** 3), 1, 1), 'ids', /x=0, y=0/);
    throwsField(() => encodePanopticIds(Int32Array.of(0, -1), 2, 1), 'ids', /got -1 at x=1/);
    throwsField(() => encodePanopticIds(Int32Array.of(0, 1), 1, 1), 'ids');
    throwsField(() => encodePanopticIds([0] as never, 1, 1), 'ids');
    throwsField(() => encodePanopticIds(Int32Array.of(), 0, 0), 'width');
  });
});

describe('panopticJson', () => {
  test('one category per distinct (name, isthing), numbered by first appearance over images then segments', () => {
    const first = image(7, 'a.jpg', ['3311', '3.22'], {});
    first.map = { ...first.map, segments: [{ id: 1, name: 'sky', isthing: false }, { id: 3, name: 'dog', isthing: true }, { id: 2, name: 'sky', isthing: false }] };
    const json = panopticJson([first, image('b', 'b.jpeg', ['12'], { 1: ['dog', false], 2: ['cat', true] })]);
    assert.deepEqual(json.categories, [
      { id: 1, name: 'sky', isthing: 0 },
      { id: 2, name: 'dog', isthing: 1 },
      { id: 3, name: 'dog', isthing: 0 },
      { id: 4, name: 'cat', isthing: 1 },
    ]);
    assert.deepEqual(json.images, [
      { id: 7, width: 4, height: 2, file_name: 'a.jpg' },
      { id: 'b', width: 2, height: 1, file_name: 'b.jpeg' },
    ]);
    assert.deepEqual(json.annotations[0], {
      image_id: 7,
      file_name: 'a.png',
      segments_info: [
        { id: 1, category_id: 1, area: 2, bbox: [2, 0, 2, 1], iscrowd: 0 },
        { id: 3, category_id: 2, area: 3, bbox: [0, 0, 2, 2], iscrowd: 0 },
        { id: 2, category_id: 1, area: 2, bbox: [2, 1, 2, 1], iscrowd: 0 },
      ],
    });
    assert.deepEqual(json.annotations[1]!.segments_info.map((s) => s.category_id), [3, 4]);
  });

  test('refuses sets whose ids, names or maps would write an unreadable or ambiguous file', () => {
    const good = image(1, 'a.jpg', ['1.'], { 1: ['sky', false] });
    throwsField(() => panopticJson([]), 'images');
    throwsField(() => panopticJson([good, { ...good, fileName: 'b.jpg' }]), 'images[1].id', /repeated/);
    throwsField(() => panopticJson([good, { ...good, id: 2, fileName: 'a.png' }]), 'images[1].fileName', /a.png is taken/);
    throwsField(() => panopticJson([{ ...good, fileName: 'x/a.jpg' }]), 'images[0].fileName');
    throwsField(() => panopticJson([{ ...good, fileName: '.jpg' }]), 'images[0].fileName');
    throwsField(() => panopticJson([{ ...good, id: 1.5 }]), 'images[0].id');
    throwsField(() => panopticJson([image(1, 'a.jpg', ['12'], { 1: ['sky', false] })]), 'images[0].map.segments', /id 2 has pixels/);
    throwsField(() => panopticJson([image(1, 'a.jpg', ['1.'], { 1: ['sky', false], 4: ['cat', true] })]), 'images[0].map.segments[1].id', /no pixel/);
    throwsField(() => panopticJson([image(1, 'a.jpg', ['1.'], { 1: ['', false] })]), 'images[0].map.segments[0].name');
  });
});

describe('withBothKinds', () => {
  test('a set with both kinds is returned as given', () => {
    const images = [image(1, 'a.jpg', ['12'], { 1: ['sky', false], 2: ['cat', true] })];
    const result = withBothKinds(images);
    assert.equal(result.images[0], images[0]);
    assert.deepEqual(result.placeholders, []);
  });

  test('a missing kind gets a one-pixel placeholder on the first void pixel of the set, id = largest id + 1', () => {
    const images = [
      image(1, 'a.jpg', ['12', '21'], { 1: ['cat', true], 2: ['dog', true] }),
      image(2, 'b.jpg', ['3.', '..'], { 3: ['cat', true] }),
    ];
    const result = withBothKinds(images);
    assert.equal(result.images[0], images[0], 'no void in the first image: untouched');
    assert.deepEqual(result.placeholders, [{ imageId: 2, segmentId: 4, isthing: false, x: 1, y: 0, takenFrom: 0 }]);
    assert.deepEqual([...result.images[1]!.map.ids], [3, 4, 0, 0]);
    assert.deepEqual(result.images[1]!.map.segments.at(-1), { id: 4, name: PLACEHOLDER_NAMES.stuff, isthing: false });
    assert.deepEqual([...images[1]!.map.ids], [3, 0, 0, 0], 'the input is not modified');
  });

  test('with no void anywhere, the last pixel of the largest segment (equal areas: lower id) is taken', () => {
    const images = [image(1, 'a.jpg', ['1122', '1122', '3333'], { 1: ['sky', false], 2: ['wall', false], 3: ['floor', false] })];
    const result = withBothKinds(images);
    assert.deepEqual(result.placeholders, [{ imageId: 1, segmentId: 4, isthing: true, x: 1, y: 1, takenFrom: 1 }]);
    assert.deepEqual([...result.images[0]!.map.ids], [1, 1, 2, 2, 1, 4, 2, 2, 3, 3, 3, 3]);
  });

  test('a set without segments gets both placeholders, things first; a set without room is refused', () => {
    const result = withBothKinds([image(1, 'a.jpg', ['...'], {})]);
    assert.deepEqual(result.placeholders.map((p) => [p.isthing, p.x, p.segmentId]), [[true, 0, 1], [false, 1, 2]]);
    assert.deepEqual(result.images[0]!.map.segments.map((s) => s.name), [PLACEHOLDER_NAMES.thing, PLACEHOLDER_NAMES.stuff]);
    throwsField(() => withBothKinds([image(1, 'a.jpg', ['1'], { 1: ['cat', true] })]), 'images', /one-pixel stuff placeholder/);
    throwsField(() => withBothKinds([image(1, 'a.jpg', ['.'], {})]), 'images', /one-pixel stuff placeholder/);
    const twoPixels = withBothKinds([image(1, 'a.jpg', ['11'], { 1: ['cat', true] })]);
    assert.deepEqual([...twoPixels.images[0]!.map.ids], [1, 2], 'a two-pixel segment can give one');
  });
});

interface OracleStats {
  stats: Record<(typeof STATS)[number], number | null>;
}

/** panopticapi's pq_average counting, as the numpy oracle replicates it, with the set as ground truth and prediction. */
function oracleAgainstItself(json: CocoPanopticJson, pngDir: string): OracleStats['stats'] {
  return runOracle<OracleStats>('panoptic_eval.py', { gt: json, pred: json, gt_dir: pngDir, pred_dir: pngDir }).stats;
}

describe('written sets are scoreable by panopticapi', () => {
  const allThings = image(1, 'things.jpg', ['11..', '11.2', '..22'], { 1: ['cat', true], 2: ['dog', true] });
  const allStuff = image(2, 'stuff.jpg', ['1122', '1122', '3333'], { 1: ['sky', false], 2: ['wall', false], 3: ['floor', false] });

  for (const [kind, set, missing] of [['things', allThings, 'PQ_st'], ['stuff', allStuff, 'PQ_th']] as const) {
    test(`an all-${kind} image: unmodified, pq_average has n = 0 for ${missing}; written, every average exists and is 1`, async () => {
      const rawDir = join(dir, `raw-${kind}`);
      await mkdir(rawDir, { recursive: true });
      const raw = panopticJson([set]);
      const rgb = encodePanopticIds(set.map.ids, set.map.width, set.map.height);
      await writeFile(join(rawDir, raw.annotations[0]!.file_name), await encodePng({ width: set.map.width, height: set.map.height, data: rgb }));
      assert.equal(oracleAgainstItself(raw, rawDir)[missing], null, 'panopticapi would divide by zero here');

      const written = await writeCocoPanoptic(join(dir, `${kind}.json`), [set]);
      assert.equal(written.placeholders.length, 1);
      assert.equal(written.pngDir, join(dir, kind));
      const stats = oracleAgainstItself(written.json, written.pngDir);
      for (const key of STATS) assert.equal(stats[key], 1, key);
      const ours = await evaluatePanoptic(join(dir, `${kind}.json`), join(dir, `${kind}.json`), written.pngDir, written.pngDir);
      for (const key of STATS) assert.equal(ours.stats[key], 1, `owseg ${key}`);
    });
  }
});

describe('round trip through owseg’s reader', () => {
  /** Three images: assembled from seeded blobs and merged, plus one with ids that need all three colour bytes. */
  function sampleSet(): PanopticImageInput[] {
    const random = seededRandom(424242);
    const names = ['sky', 'grass', 'person', 'dog', 'road'];
    const images: PanopticImageInput[] = [];
    for (let n = 0; n < 2; n++) {
      const [height, width] = [20 + Math.floor(random() * 20), 20 + Math.floor(random() * 20)];
      const candidates = Array.from({ length: 12 }, () => {
        const name = names[Math.floor(random() * names.length)]!;
        return { mask: blobMask(height, width, 1, random), objectness: random(), name, isthing: name === 'person' || name === 'dog' };
      });
      const map = mergeStuff(assemblePanoptic(candidates), (a, b) => a === b);
      images.push({ id: n === 0 ? 139 : 'frame-b', fileName: `img${n}.jpg`, map });
    }
    const segments = [
      { id: 10, name: 'dog', isthing: true },
      { id: 300, name: 'sky', isthing: false },
      { id: 70_000, name: 'person', isthing: true },
    ];
    images.push({ id: 5, fileName: 'wide.jpg', map: { height: 2, width: 2, ids: Int32Array.of(10, 10, 300, 70_000), segments } });
    return images;
  }

  test('ids, segments and categories come back as written; PQ of the set against itself is exactly 1', async () => {
    const images = sampleSet();
    const jsonPath = join(dir, 'round', 'panoptic.json');
    const { json, pngDir, placeholders } = await writeCocoPanoptic(jsonPath, images, { pngDir: join(dir, 'round', 'png') });
    assert.deepEqual(placeholders, []);
    assert.deepEqual(JSON.parse(await readFile(jsonPath, 'utf8')), json);

    const read = await readCocoPanoptic(jsonPath);
    assert.deepEqual(read.categories, json.categories.map((c) => ({ id: c.id, name: c.name, isthing: c.isthing === 1 })));
    assert.ok(read.categories.some((c) => c.isthing) && read.categories.some((c) => !c.isthing));
    for (const [i, annotation] of read.annotations.entries()) {
      const { map } = images[i]!;
      assert.equal(annotation.imageId, images[i]!.id);
      const png = await loadPanopticPng(join(pngDir, annotation.fileName));
      // panopticapi reads the PNG with np.array(Image.open(...)), without converting: it must be 8-bit RGB.
      const meta = await sharp(join(pngDir, annotation.fileName)).metadata();
      assert.deepEqual([meta.channels, meta.depth, meta.isPalette], [3, 'uchar', false]);
      assert.deepEqual([png.width, png.height], [map.width, map.height]);
      assert.deepEqual([...png.ids], [...map.ids], `image ${i} ids`);
      assert.deepEqual(annotation.segments.map((s) => s.id), map.segments.map((s) => s.id));
      const area = (id: number) => map.ids.filter((v) => v === id).length;
      assert.deepEqual(annotation.segments.map((s) => s.area), map.segments.map((s) => area(s.id)));
    }

    const result = await evaluatePanoptic(jsonPath, jsonPath, pngDir, pngDir);
    for (const key of STATS) assert.equal(result.stats[key], 1, key);
    assert.equal(result.skipped.count, 0);
    assert.equal(result.classes.all, json.categories.length);
  });

  test('writeCocoPanoptic refuses a path that is not .json, bad options and an unscoreable set, writing nothing', async () => {
    const ok = [image(1, 'a.jpg', ['1.'], { 1: ['cat', true] })];
    await rejectsField(() => writeCocoPanoptic(join(dir, 'x.txt'), ok), 'jsonPath');
    await rejectsField(() => writeCocoPanoptic(join(dir, 'x.json'), ok, null as never), 'options');
    await rejectsField(() => writeCocoPanoptic(join(dir, 'tiny.json'), [image(1, 'a.jpg', ['1'], { 1: ['cat', true] })]), 'images');
    await assert.rejects(readFile(join(dir, 'tiny.json')), { code: 'ENOENT' });
  });
});
