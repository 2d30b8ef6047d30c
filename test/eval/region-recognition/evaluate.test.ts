/**
 * evaluateRegionRecognition and evaluateRegionRecognitionFiles with a deterministic fake embedder:
 * averages, what gets embedded, SS against the oracle's cos_sim, and the prediction-file checks.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { evaluateRegionRecognition, evaluateRegionRecognitionFiles, type CleanupVariant } from '../../../src/eval/region-recognition/index.js';
import { runOracle } from '../../helpers/python.js';
import { FakeEmbedder } from './fake-embedder.js';

const pairs = [
  { prediction: 'dog', groundTruth: 'dog' },
  { prediction: 'Bow', groundTruth: 'bow_(weapon)' },
  { prediction: 'answer: red car.', groundTruth: 'car_(automobile)' },
  { prediction: 'mug handle', groundTruth: 'mug:handle' },
];

test('identical names score SS 1 and SIoU 1; means run over all instances', async () => {
  const result = await evaluateRegionRecognition([{ prediction: 'dog', groundTruth: 'dog' }, { prediction: 'cat', groundTruth: 'dog' }], {
    embedder: new FakeEmbedder(),
    cleanup: 'wowseg',
  });
  assert.ok(Math.abs(result.perInstance[0]!.SS - 1) < 1e-6);
  assert.equal(result.perInstance[0]!.SIoU, 1);
  assert.equal(result.perInstance[1]!.SIoU, 0);
  assert.equal(result.SIoU, 0.5);
  assert.ok(Math.abs(result.SS - (result.perInstance[0]!.SS + result.perInstance[1]!.SS) / 2) < 1e-12);
});

test('the cleaned, not lower-cased strings are embedded, in one call', async () => {
  const embedder = new FakeEmbedder();
  await evaluateRegionRecognition(pairs.slice(1, 3), { embedder, cleanup: 'wowseg' });
  assert.deepEqual(embedder.calls, [['Bow', 'bow', 'answer  red car.', 'car']]);
  const osprey = new FakeEmbedder();
  await evaluateRegionRecognition(pairs.slice(1, 3), { embedder: osprey, cleanup: 'osprey' });
  assert.deepEqual(osprey.calls, [['Bow', 'bow (weapon)', ' red car ', 'car (automobile)']]);
});

for (const cleanup of ['osprey', 'wowseg'] as CleanupVariant[]) {
  test(`${cleanup}: SS and SIoU match the oracle given the same embeddings`, async () => {
    const embedder = new FakeEmbedder();
    const result = await evaluateRegionRecognition(pairs, { embedder, cleanup });
    const vectors = await new FakeEmbedder().embed(result.perInstance.flatMap((p) => [p.prediction, p.groundTruth]));
    const embeddings = pairs.map((_, i) => [Array.from(vectors[2 * i]!), Array.from(vectors[2 * i + 1]!)]);
    const oracle = runOracle<{ SS: number; SIoU: number; pairs: { SS: number; SIoU: number }[] }>('region_recognition.py', { cleanup, pairs, embeddings });
    result.perInstance.forEach((score, i) => {
      assert.ok(Math.abs(score.SS - oracle.pairs[i]!.SS) < 1e-12);
      assert.equal(score.SIoU, oracle.pairs[i]!.SIoU);
    });
    assert.ok(Math.abs(result.SS - oracle.SS) < 1e-12);
    assert.ok(Math.abs(result.SIoU - oracle.SIoU) < 1e-12);
  });
}

test('no pairs score 0 without calling the embedder; a bad variant is refused', async () => {
  const embedder = new FakeEmbedder();
  assert.deepEqual(await evaluateRegionRecognition([], { embedder, cleanup: 'osprey' }), { SS: 0, SIoU: 0, perInstance: [] });
  assert.deepEqual(embedder.calls, []);
  await assert.rejects(evaluateRegionRecognition(pairs, { embedder, cleanup: 'lvis' as CleanupVariant }), {
    name: 'InvalidInputError',
    message: `cleanup: expected 'osprey' or 'wowseg' (got "lvis")`,
  });
});

const triangle = [[1, 1, 8, 1, 1, 8]];
const gt = [
  { id: 7, file_name: '000000000007.jpg', height: 10, width: 12, categories: ['bow_(weapon)', 'mug:handle'], annotations: [{ segmentation: triangle }, { segmentation: triangle }] },
  { id: 9, file_name: '000000000009.jpg', height: 10, width: 12, categories: ['dog'], annotations: [{ segmentation: triangle }] },
];

async function withFiles(predictions: unknown, run: (gtPath: string, predPath: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-rr-'));
  try {
    const gtPath = join(dir, 'gt.json');
    const predPath = join(dir, 'pred.json');
    await writeFile(gtPath, JSON.stringify(gt));
    await writeFile(predPath, JSON.stringify(predictions));
    await run(gtPath, predPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('files: every region named once gives the same stats as the pairs', async () => {
  const predictions = [
    { image_id: 9, region: 0, name: 'dog' },
    { image_id: 7, region: 1, name: 'handle' },
    { image_id: 7, region: 0, name: 'bow' },
  ];
  await withFiles(predictions, async (gtPath, predPath) => {
    const embedder = new FakeEmbedder();
    const fromFiles = await evaluateRegionRecognitionFiles(gtPath, predPath, { embedder, cleanup: 'wowseg' });
    const direct = await evaluateRegionRecognition(
      [
        { prediction: 'bow', groundTruth: 'bow_(weapon)' },
        { prediction: 'handle', groundTruth: 'mug:handle' },
        { prediction: 'dog', groundTruth: 'dog' },
      ],
      { embedder, cleanup: 'wowseg' },
    );
    assert.deepEqual(fromFiles, { metric: 'region-recognition', stats: { SS: direct.SS, SIoU: direct.SIoU } });
    assert.equal(fromFiles.stats.SIoU, (1 + 0.5 + 1) / 3);
  });
});

test('files: missing, repeated and unknown predictions are refused by name', async () => {
  const embedder = new FakeEmbedder();
  const base = [
    { image_id: 7, region: 0, name: 'bow' },
    { image_id: 7, region: 1, name: 'handle' },
    { image_id: 9, region: 0, name: 'dog' },
  ];
  await withFiles(base.slice(0, 2), async (gtPath, predPath) => {
    await assert.rejects(evaluateRegionRecognitionFiles(gtPath, predPath, { embedder, cleanup: 'osprey' }), {
      name: 'InvalidInputError',
      message: `${predPath}: expected a prediction for every region of ${gtPath} (none for image_id 9 region 0)`,
    });
  });
  await withFiles([...base, { image_id: 9, region: 0, name: 'cat' }], async (gtPath, predPath) => {
    await assert.rejects(evaluateRegionRecognitionFiles(gtPath, predPath, { embedder, cleanup: 'osprey' }), {
      message: `${predPath}: [3]: expected one prediction per region (image_id 9 region 0 repeats)`,
    });
  });
  await withFiles([...base, { image_id: '9', region: 0, name: 'cat' }], async (gtPath, predPath) => {
    await assert.rejects(evaluateRegionRecognitionFiles(gtPath, predPath, { embedder, cleanup: 'osprey' }), {
      message: `${predPath}: expected only regions of ${gtPath} (image_id "9" region 0 is not one)`,
    });
  });
  await withFiles([{ image_id: 7, region: -1, name: 'x' }], async (gtPath, predPath) => {
    await assert.rejects(evaluateRegionRecognitionFiles(gtPath, predPath, { embedder, cleanup: 'osprey' }), {
      message: `${predPath}: [0].region: expected an integer >= 0 (got -1)`,
    });
  });
});
