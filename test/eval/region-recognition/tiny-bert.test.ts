/**
 * Region recognition end to end with a real (tiny, random) sentence-transformers model: owseg's
 * SS and SIoU against the chain of Python oracles — clean-up, tokenise + BERT + pooling, cos_sim.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSentenceTransformer, writeTinyBert } from '../../../src/models/text/index.js';
import { evaluateRegionRecognition, type CleanupVariant } from '../../../src/eval/region-recognition/index.js';
import { runOracle } from '../../helpers/python.js';

const pairs = [
  { prediction: 'dog', groundTruth: 'dog' },
  { prediction: 'Category: red car.', groundTruth: 'car_(automobile)' },
  { prediction: 'mug handle', groundTruth: 'mug:handle' },
  { prediction: 'knife-edge', groundTruth: 'knife-edge: blade' },
  { prediction: '', groundTruth: 'tooth_brush' },
  { prediction: 'the people on the left', groundTruth: 'person' },
];

interface Cleaned {
  pairs: { prediction: string; groundTruth: string; SIoU: number; SS?: number }[];
  SIoU: number;
  SS?: number;
}

test('SS and SIoU with the tiny BERT match the Python oracle chain within 1e-5', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-rr-bert-'));
  try {
    await writeTinyBert(dir, { seed: 21 });
    const embedder = await loadSentenceTransformer(dir);
    try {
      for (const cleanup of ['osprey', 'wowseg'] as CleanupVariant[]) {
        const got = await evaluateRegionRecognition(pairs, { embedder, cleanup });
        const cleaned = runOracle<Cleaned>('region_recognition.py', { cleanup, pairs });
        const texts = cleaned.pairs.flatMap((p) => [p.prediction, p.groundTruth]);
        const { embeddings } = runOracle<{ embeddings: number[][] }>('text_embedding.py', { model_dir: dir, texts, max_length: 256 });
        const expected = runOracle<Cleaned>('region_recognition.py', { cleanup, pairs, embeddings: pairs.map((_, i) => [embeddings[2 * i], embeddings[2 * i + 1]]) });
        let worst = 0;
        got.perInstance.forEach((s, i) => {
          assert.equal(s.prediction, expected.pairs[i]!.prediction);
          assert.equal(s.SIoU, expected.pairs[i]!.SIoU);
          worst = Math.max(worst, Math.abs(s.SS - expected.pairs[i]!.SS!));
        });
        assert.ok(worst < 1e-5, `${cleanup}: max |SS diff| ${worst}`);
        assert.ok(Math.abs(got.SS - expected.SS!) < 1e-5);
        assert.ok(Math.abs(got.perInstance[0]!.SS - 1) < 1e-6);
        t.diagnostic(`${cleanup}: SS ${got.SS.toFixed(6)} SIoU ${got.SIoU.toFixed(6)}, max |SS diff| ${worst.toExponential(2)}`);
      }
    } finally {
      await embedder.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
