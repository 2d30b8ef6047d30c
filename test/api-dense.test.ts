/**
 * The package root's dense(): models given as folders, free names mapped onto a built-in vocabulary
 * by a sentence embedder named by folder, and the vocabulary refused without an embedder.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { dense, internvl, sam, textModels, vocabularies } from '../src/index.js';

let dir: string;
const image = { width: 48, height: 40, data: Uint8Array.from({ length: 48 * 40 * 3 }, (_, i) => (i * 37) % 251) };
const quick = { everything: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0 }, naming: { maxTiles: 1, maxNewTokens: 2 }, minCandidateArea: 4, topN: 4 };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-api-dense-'));
  const checkpoint = await internvl.writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 2, sizes: { imageSize: 56, patchSize: 7 } });
  await internvl.convertInternVLCheckpoint(checkpoint.dir, join(dir, 'pack'));
  await sam.writeTinySamPack(join(dir, 'sam'), { layout: 'transformers-sam', seed: 2 });
  await textModels.writeTinyBert(join(dir, 'bert'), { seed: 2 });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('dense() maps names onto COCO panoptic with an embedder, and needs one for a vocabulary', async () => {
  const result = await dense(image, { sam: join(dir, 'sam'), model: join(dir, 'pack'), vocabulary: 'coco-panoptic', embedder: join(dir, 'bert'), ...quick });
  const ids = new Map(vocabularies.COCO_PANOPTIC.classes.map((c) => [c.id, c]));
  for (const region of result.regions) {
    const chosen = ids.get(region.categoryId!);
    assert.ok(chosen, `category ${region.categoryId} is COCO panoptic's`);
    assert.equal(region.name, chosen.label);
    assert.equal(region.isthing, chosen.isthing);
  }
  await assert.rejects(dense(image, { sam: join(dir, 'sam'), model: join(dir, 'pack'), vocabulary: 'ade20k', ...quick }), /embedder: expected a sentence embedder/);
});
