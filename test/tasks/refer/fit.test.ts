/**
 * `refer fit` on a tiny random pack: a synthetic task whose answer is linear in the candidates'
 * features is reached; one that is not (random labels) is reported as such; features are cached.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RgbImage } from '../../../src/core/image/index.js';
import type { Mask } from '../../../src/core/mask.js';
import { convertInternVLCheckpoint, loadInternVLPack, writeTinyInternVLCheckpoint, type InternVLModel } from '../../../src/models/internvl/index.js';
import { fitLogistic, fitReferHead, readReferCandidates, refer, type FitExample } from '../../../src/tasks/refer/index.js';
import { rectangleMask, seededRandom } from '../../helpers/random.js';

const width = 48;
const height = 40;
let dir: string;
let model: InternVLModel;
let examples: { text: string; image: RgbImage; candidates: Mask[]; hidden: Float32Array[] }[];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-refer-fit-'));
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 23, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'pack'));
  model = await loadInternVLPack(join(dir, 'pack'));
  const random = seededRandom(11);
  examples = [];
  for (let e = 0; e < 20; e++) {
    const image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
    const candidates = Array.from({ length: 12 }, () => {
      const x0 = Math.floor(random() * 40);
      const y0 = Math.floor(random() * 32);
      return rectangleMask(height, width, [x0, y0, x0 + 2 + Math.floor(random() * 8), y0 + 2 + Math.floor(random() * 8)]);
    });
    const text = ['the red ones', 'everything on the left', 'the small squares'][e % 3]!;
    const readings = await readReferCandidates(image, text, { model, candidates, maskTokens: 'pool', maxTiles: 2 });
    examples.push({ text, image, candidates, hidden: readings.map((r) => r.hidden) });
  }
});
after(async () => {
  await model.release();
  await rm(dir, { recursive: true, force: true });
});

function fitExamples(label: (hidden: Float32Array) => number): FitExample[] {
  return examples.map((e, i) => ({
    key: `synthetic:${i}`,
    text: e.text,
    image: async () => e.image,
    candidates: () => e.candidates,
    labels: Uint8Array.from(e.hidden, label),
  }));
}

describe('refer fit', () => {
  test('an answer linear in the features is reached: every training candidate on its side; held-out ones mostly too', async () => {
    // A planted hyperplane through the features' median: the answer is linearly separable by construction.
    const direction = Float32Array.from({ length: examples[0]!.hidden[0]!.length }, (_, d) => Math.cos(3 * d + 1));
    const projection = (h: Float32Array) => h.reduce((sum, v, d) => sum + v * direction[d]!, 0);
    const all = examples.flatMap((e) => e.hidden.map(projection)).sort((a, b) => a - b);
    const median = all[Math.floor(all.length / 2)]!;
    const planted = fitExamples((h) => (projection(h) > median ? 1 : 0));
    const cacheDir = join(dir, 'cache-linear');
    const whole = await fitReferHead(planted, { model, cacheDir, maxTiles: 2, validationFraction: 0, logistic: { l2: 0, maxEpochs: 3000 } });
    assert.equal(whole.report.candidates, 240);
    assert.equal(whole.report.trainErrors, 0, `training accuracy ${whole.report.trainAccuracy}`);
    const { head, report } = await fitReferHead(planted, { model, cacheDir, maxTiles: 2 });
    assert.equal(report.validationCandidates, 48);
    assert.ok(report.validationAccuracy >= 0.85, `held-out accuracy ${report.validationAccuracy}`);
    assert.equal(head.maskTokens, 'pool');
    // The head scores refer()'s candidates as it was fitted: w · hidden + b against its threshold.
    const result = await refer(examples[0]!.image, examples[0]!.text, { model, candidates: examples[0]!.candidates, head, maxTiles: 2 });
    result.candidates.forEach((c, k) => {
      const expected = examples[0]!.hidden[k]!.reduce((sum, v, d) => sum + v * head.weight[d]!, head.bias);
      assert.ok(Math.abs(c.score - expected) < 1e-3);
      assert.equal(c.selected, c.score > head.threshold);
    });
  });

  test('random labels are not linear in the features: even fitted to the end, candidates stay on the wrong side', async () => {
    const random = seededRandom(99);
    const { report } = await fitReferHead(fitExamples(() => (random() < 0.3 ? 1 : 0)), {
      model,
      cacheDir: join(dir, 'cache-linear'),
      maxTiles: 2,
      validationFraction: 0,
      logistic: { l2: 0, maxEpochs: 3000 },
    });
    assert.ok(report.trainErrors > 0, `train errors ${report.trainErrors}`);
  });

  test('a second fit of the same data reads every example\'s features from the cache', async () => {
    const labels = (h: Float32Array) => (h[0]! > examples[0]!.hidden[0]![0]! ? 1 : 0);
    const cacheDir = join(dir, 'cache-again');
    const first = await fitReferHead(fitExamples(labels), { model, cacheDir, maxTiles: 2, logistic: { maxEpochs: 50 } });
    assert.equal(first.report.cached, 0);
    assert.equal((await readdir(cacheDir)).length, 20);
    const second = await fitReferHead(fitExamples(labels), { model, cacheDir, maxTiles: 2, logistic: { maxEpochs: 50 } });
    assert.equal(second.report.cached, 20);
    assert.deepEqual([...second.head.weight], [...first.head.weight]);
  });

  test('fitLogistic: positives weighted, training data of one kind refused', () => {
    const features = Float32Array.of(0, 1, 2, 3);
    const fit = fitLogistic({ features, labels: Uint8Array.of(0, 0, 0, 1) }, { features: new Float32Array(0), labels: new Uint8Array(0) }, 1, { maxEpochs: 10 });
    assert.equal(fit.positiveWeight, 3);
    assert.throws(() => fitLogistic({ features, labels: Uint8Array.of(0, 0, 0, 0) }, { features: new Float32Array(0), labels: new Uint8Array(0) }, 1), /labels: expected training candidates of both kinds/);
  });
});
