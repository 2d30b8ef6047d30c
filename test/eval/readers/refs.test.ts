/**
 * RefCOCO refs from a Python 2-style pickle, a Python 3 pickle and JSON; gRefCOCO multi- and
 * no-target refs; the COCO panoptic JSON checks; every bad record named by file, row and field.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { parseGrefcocoRefs, readGrefcocoRefs } from '../../../src/eval/readers/grefcoco.js';
import { parseCocoPanoptic } from '../../../src/eval/readers/panoptic.js';
import { parseRefcocoRefs, readRefcocoRefs } from '../../../src/eval/readers/refcoco.js';

const python = process.env.OWSEG_PYTHON ?? '/usr/bin/python3';

const REFS = [
  {
    sent_ids: [0, 1],
    file_name: 'COCO_train2014_000000581857_16.jpg',
    ann_id: 1719310,
    ref_id: 0,
    image_id: 581857,
    split: 'train',
    sentences: [
      { tokens: ['the', 'lady'], raw: 'The lady with the blue shirt', sent_id: 0, sent: 'the lady with the blue shirt' },
      { tokens: ['café'], raw: 'Café table!', sent_id: 1, sent: 'café table' },
    ],
    category_id: 1,
  },
  {
    sent_ids: [2],
    file_name: 'COCO_train2014_000000000009_5.jpg',
    ann_id: 42,
    ref_id: 5,
    image_id: 9,
    split: 'testA',
    sentences: [{ tokens: ['left'], raw: 'left bowl', sent_id: 2, sent: 'left bowl' }],
    category_id: 51,
  },
];

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-refs-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pickles `value` (through JSON) with Python 3 at `protocol`. */
function pickle(value: unknown, protocol: number): Buffer {
  const script = `import sys, json, pickle; sys.stdout.buffer.write(pickle.dumps(json.load(sys.stdin), protocol=${protocol}))`;
  return execFileSync(python, ['-c', script], { input: JSON.stringify(value) });
}

describe('RefCOCO refs', () => {
  const expected = [
    { refId: 0, imageId: 581857, sentences: ['the lady with the blue shirt', 'café table'], annIds: [1719310], split: 'train', noTarget: false },
    { refId: 5, imageId: 9, sentences: ['left bowl'], annIds: [42], split: 'testA', noTarget: false },
  ];

  it('reads the same samples from a protocol 2 pickle, a protocol 0 pickle and JSON', async () => {
    await writeFile(join(dir, 'refs(unc).p'), pickle(REFS, 2));
    await writeFile(join(dir, 'refs(umd).p'), pickle(REFS, 0));
    await writeFile(join(dir, 'refs(unc).json'), JSON.stringify(REFS));
    for (const name of ['refs(unc).p', 'refs(umd).p', 'refs(unc).json']) {
      assert.deepEqual(await readRefcocoRefs(join(dir, name)), expected, name);
    }
  });

  it('reads a Python 2 pickle whose strings are byte strings', async () => {
    // What Python 2's cPickle writes for [{'ref_id': 3, 'image_id': 7, 'ann_id': 11, 'split': 'val', 'sentences': [{'sent': 'caf\xc3\xa9', 'raw': 'Caf\xc3\xa9'}]}].
    const b = (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      return Buffer.concat([Buffer.from([0x55, bytes.length]), bytes]);
    };
    const bytes = Buffer.concat([
      Buffer.from([0x80, 0x02, 0x5d, 0x71, 0x00, 0x7d, 0x71, 0x01, 0x28]),
      b('ref_id'), Buffer.from([0x4b, 3]),
      b('image_id'), Buffer.from([0x4b, 7]),
      b('ann_id'), Buffer.from([0x4b, 11]),
      b('split'), b('val'),
      b('sentences'), Buffer.from([0x5d, 0x71, 0x02, 0x7d, 0x71, 0x03, 0x28]), b('sent'), b('café'), b('raw'), b('Café'), Buffer.from([0x75, 0x61]),
      Buffer.from([0x75, 0x61, 0x2e]),
    ]);
    await writeFile(join(dir, 'py2.p'), bytes);
    const [sample] = await readRefcocoRefs(join(dir, 'py2.p'), { sentenceField: 'raw' });
    assert.deepEqual(sample, { refId: 3, imageId: 7, sentences: ['Café'], annIds: [11], split: 'val', noTarget: false });
  });

  it('filters by split and picks raw sentences', () => {
    const samples = parseRefcocoRefs(REFS, 'refs.json', { split: 'testA', sentenceField: 'raw' });
    assert.deepEqual(samples.map((s) => s.sentences), [['left bowl']]);
  });

  it('names the file, row and field of a bad record', () => {
    const bad = structuredClone(REFS) as Record<string, unknown>[];
    bad[1]!.ann_id = 'x';
    assert.throws(() => parseRefcocoRefs(bad, 'refs.json'), (e: unknown) => e instanceof InvalidInputError && /refs\.json: \[1\]\.ann_id: expected an integer ≥ 0/.test(e.message));
    const noSent = structuredClone(REFS) as { sentences: Record<string, unknown>[] }[];
    delete noSent[0]!.sentences[1]!.sent;
    assert.throws(() => parseRefcocoRefs(noSent, 'refs.json'), /refs\.json: \[0\]\.sentences\[1\]\.sent: expected a string/);
  });
});

describe('gRefCOCO refs', () => {
  const grefs = [
    { ...REFS[0], ann_id: [1719310, 1719311], category_id: [1, 1], no_target: false },
    { ...REFS[1], ann_id: [-1], category_id: [], no_target: true },
    { ...REFS[1], ref_id: 6, ann_id: -1, category_id: [] },
    { ...REFS[1], ref_id: 7, ann_id: 77 },
  ];

  it('reads multi-target, no-target and single-id refs from JSON and pickle', async () => {
    await writeFile(join(dir, 'grefs(unc).json'), JSON.stringify(grefs));
    await writeFile(join(dir, 'grefs(unc).p'), pickle(grefs, 4));
    for (const name of ['grefs(unc).json', 'grefs(unc).p']) {
      const samples = await readGrefcocoRefs(join(dir, name));
      assert.deepEqual(samples.map((s) => [s.refId, s.annIds, s.noTarget]), [
        [0, [1719310, 1719311], false],
        [5, [], true],
        [6, [], true],
        [7, [77], false],
      ]);
    }
  });

  it('refuses -1 mixed with ids and a no_target flag that contradicts ann_id', () => {
    assert.throws(() => parseGrefcocoRefs([{ ...grefs[0], ann_id: [3, -1] }], 'g.json'), /g\.json: \[0\]\.ann_id: expected either \[-1\] \(no target\) or annotation ids \(got \[3, -1\]\)/);
    assert.throws(() => parseGrefcocoRefs([{ ...grefs[1], no_target: false }], 'g.json'), /g\.json: \[0\]\.no_target: expected true for a ref without annotation ids/);
    assert.throws(() => parseGrefcocoRefs([{ ...grefs[0], no_target: true }], 'g.json'), /\[0\]\.no_target: expected false for a ref with annotation ids/);
  });
});

describe('COCO panoptic JSON', () => {
  const annotation = { image_id: 1, file_name: 'a.png', segments_info: [{ id: 5, category_id: 1, iscrowd: 0, area: 10 }] };

  it('parses categories, string image ids and optional fields', () => {
    const parsed = parseCocoPanoptic({ categories: [{ id: 1, name: 'a', isthing: 1 }], annotations: [{ ...annotation, image_id: 'frankfurt_1' }] }, 'gt.json');
    assert.deepEqual(parsed.annotations[0], { imageId: 'frankfurt_1', fileName: 'a.png', segments: [{ id: 5, categoryId: 1, iscrowd: false, area: 10 }] });
    assert.deepEqual(parsed.categories, [{ id: 1, name: 'a', isthing: true }]);
  });

  it('names a VOID segment id, a repeated id and a missing file name', () => {
    const withSegments = (segments: unknown[]) => ({ annotations: [{ ...annotation, segments_info: segments }] });
    assert.throws(() => parseCocoPanoptic(withSegments([{ id: 0, category_id: 1 }]), 'p.json'), /p\.json: annotations\[0\]\.segments_info\[0\]\.id: expected an integer ≥ 1/);
    assert.throws(
      () => parseCocoPanoptic(withSegments([{ id: 4, category_id: 1 }, { id: 4, category_id: 2 }]), 'p.json'),
      /segments_info\[1\]\.id: expected a segment id used once per image/,
    );
    assert.throws(() => parseCocoPanoptic({ annotations: [{ image_id: 1, segments_info: [] }] }, 'p.json'), /p\.json: annotations\[0\]\.file_name: expected a string/);
  });
});
