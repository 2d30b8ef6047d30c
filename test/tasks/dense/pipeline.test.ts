/**
 * dense() and refineDense() on tiny random packs: candidates with a coverage pass, the top N named,
 * a consistent panoptic map, a vocabulary pinning categories, and refinement rounds run and reported.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RgbImage } from '../../../src/core/image/index.js';
import { convertInternVLCheckpoint, loadInternVLPack, writeTinyInternVLCheckpoint, type InternVLModel } from '../../../src/models/internvl/index.js';
import { loadSam, writeTinySamPack, type SamModel } from '../../../src/models/sam/index.js';
import { categoryMap, dense, denseCandidates, panopticJson, refineDense, type ClassifiedName } from '../../../src/tasks/dense/index.js';
import { seededRandom } from '../../helpers/random.js';

const width = 80;
const height = 60;
let dir: string;
let model: InternVLModel;
let sam: SamModel;
let image: RgbImage;
const quick = { everything: { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0 }, naming: { maxTiles: 2, maxNewTokens: 2 }, minCandidateArea: 4 };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-dense-'));
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 13, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'pack'));
  model = await loadInternVLPack(join(dir, 'pack'));
  await writeTinySamPack(join(dir, 'sam'), { layout: 'transformers-sam', seed: 13 });
  sam = await loadSam(join(dir, 'sam'));
  const random = seededRandom(21);
  image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
});
after(async () => {
  await model.release();
  await sam.release();
  await rm(dir, { recursive: true, force: true });
});

/** A stand-in vocabulary: names of even length are "animal" (a thing), odd ones "sky" (stuff). */
const classify = async (names: string[]): Promise<ClassifiedName[]> =>
  names.map((name) => (name.length % 2 === 0 ? { label: 'animal', isthing: true, categoryId: 7 } : { label: 'sky', isthing: false, categoryId: 3 }));

describe('dense', () => {
  test('the coverage pass prompts SAM in areas no everything-mode mask covers', async () => {
    const without = await denseCandidates(image, sam, quick.everything, { maxPrompts: 0 });
    const withCoverage = await denseCandidates(image, sam, quick.everything, { minFraction: 0.001, maxPrompts: 4 });
    assert.equal(withCoverage.filter((c) => c.source === 'everything').length, without.length);
    for (const c of withCoverage.filter((c) => c.source === 'coverage')) {
      assert.ok(c.area > 0 && c.stabilityScore >= 0 && c.stabilityScore <= 1);
    }
  });

  test('a consistent panoptic map of at most N segments, each with its name, kind, score and source', async () => {
    const result = await dense(image, { sam, model, ...quick, topN: 6 });
    assert.ok(result.kept.length <= 6 && result.kept.length > 0);
    assert.equal(result.map.segments.length, result.regions.length);
    const counts = new Map<number, number>();
    for (const id of result.map.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const region of result.regions) {
      assert.equal(counts.get(region.id), region.area, `segment ${region.id}'s area is its pixels`);
      assert.ok(region.name.length > 0);
      assert.ok(region.score >= 0 && region.score <= 1);
      assert.equal(region.categoryId, undefined, 'no vocabulary, no category');
    }
    assert.ok(result.timings.sam >= 0 && result.timings.naming >= 0 && result.timings.assembly >= 0);
  });

  test('with a vocabulary the names, kinds and category ids are its own, and the panoptic JSON keeps those ids', async () => {
    const result = await dense(image, { sam, model, ...quick, topN: 6, classify });
    for (const region of result.regions) {
      assert.ok(region.name === 'animal' || region.name === 'sky');
      assert.equal(region.categoryId, region.name === 'animal' ? 7 : 3);
      assert.equal(region.isthing, region.name === 'animal');
    }
    const json = panopticJson([{ id: 1, fileName: 'a.jpg', map: { ...result.map, segments: result.regions.map((r) => ({ id: r.id, name: r.name, isthing: r.isthing, categoryId: r.categoryId! })) } }]);
    assert.deepEqual(new Set(json.annotations[0]!.segments_info.map((s) => s.category_id)), new Set(result.regions.map((r) => r.categoryId)));
  });

  test('refineDense runs its rounds against a reference, reporting each with the actions taken', async () => {
    const start = await dense(image, { sam, model, ...quick, topN: 6, classify });
    // The reference: left half category 3 (sky), right half category 7 (animal).
    const reference = { width, height, labels: Int32Array.from({ length: width * height }, (_, i) => (i % width < width / 2 ? 3 : 7)) };
    const rounds: { round: number; actions: number }[] = [];
    const history = await refineDense(image, start, reference, {
      sam,
      model,
      classify,
      naming: quick.naming,
      rounds: 2,
      onRound: (round, _result, actions) => {
        rounds.push({ round, actions: actions.length });
      },
    });
    assert.equal(history.length, 3);
    assert.deepEqual(rounds.map((r) => r.round), [0, 1, 2]);
    assert.equal(rounds[0]!.actions, 0);
    assert.ok(rounds[1]!.actions >= 1 && rounds[1]!.actions <= 2, 'at most the two reference categories are fixed');
    const labels = categoryMap(history[2]!).labels;
    assert.equal(labels.length, width * height);
  });
});
