/**
 * The closed vocabularies: COCO panoptic's 133 and ADE20K's 150 classes with their thing/stuff split,
 * the names free names are compared with, and a user's JSON file read with errors named.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ADE20K_150, COCO_PANOPTIC, readVocabulary, vocabularyClasses } from '../../../src/eval/vocabularies/index.js';

describe('built-in vocabularies', () => {
  test('COCO panoptic: 80 things and 53 stuff, ids 1–200 once each, merged names spoken plainly', () => {
    assert.equal(COCO_PANOPTIC.classes.length, 133);
    assert.equal(COCO_PANOPTIC.classes.filter((c) => c.isthing).length, 80);
    assert.equal(new Set(COCO_PANOPTIC.classes.map((c) => c.id)).size, 133);
    const byLabel = new Map(COCO_PANOPTIC.classes.map((c) => [c.label, c]));
    assert.deepEqual(byLabel.get('sky-other-merged')?.names, ['sky']);
    assert.deepEqual(byLabel.get('wall-brick')?.names, ['brick wall']);
    assert.deepEqual(byLabel.get('window-blind')?.names, ['window blind']);
    assert.deepEqual(byLabel.get('door-stuff')?.names, ['door']);
    assert.equal(byLabel.get('dog')?.id, 18);
    assert.equal(byLabel.get('rug-merged')?.id, 200);
  });

  test('ADE20K: 100 things and 50 stuff in dataset order, synonyms split', () => {
    assert.equal(ADE20K_150.classes.length, 150);
    assert.equal(ADE20K_150.classes.filter((c) => c.isthing).length, 100);
    assert.deepEqual(ADE20K_150.classes[6], { id: 6, label: 'road, route', names: ['road', 'route'], isthing: false });
    assert.equal(ADE20K_150.classes[149]!.label, 'flag');
    assert.deepEqual(vocabularyClasses(ADE20K_150)[12], { id: 12, names: ['person'] });
  });

  test('readVocabulary: the built-in names, a list or a panoptic categories file, and errors named', async () => {
    assert.equal(await readVocabulary('coco-panoptic'), COCO_PANOPTIC);
    const dir = await mkdtemp(join(tmpdir(), 'owseg-vocab-'));
    try {
      await writeFile(join(dir, 'list.json'), JSON.stringify([{ name: 'cat', isthing: true }, { names: ['sky', 'heavens'], isthing: false }]));
      assert.deepEqual((await readVocabulary(join(dir, 'list.json'))).classes, [
        { id: 0, label: 'cat', names: ['cat'], isthing: true },
        { id: 1, label: 'sky', names: ['sky', 'heavens'], isthing: false },
      ]);
      await writeFile(join(dir, 'panoptic.json'), JSON.stringify({ categories: [{ id: 7, name: 'road', isthing: 0 }] }));
      assert.deepEqual((await readVocabulary(join(dir, 'panoptic.json'))).classes, [{ id: 7, label: 'road', names: ['road'], isthing: false }]);
      await writeFile(join(dir, 'bad.json'), JSON.stringify([{ isthing: true }]));
      await assert.rejects(readVocabulary(join(dir, 'bad.json')), /bad\.json: \[0\]\.name: expected a class name/);
      await writeFile(join(dir, 'twice.json'), JSON.stringify([{ id: 1, name: 'a' }, { id: 1, name: 'b' }]));
      await assert.rejects(readVocabulary(join(dir, 'twice.json')), /ids used once each/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
