/**
 * UmI, worst-k and situations against tools/reference/dense_refine.py (numpy, written from the
 * definitions) on seeded label maps built to contain renamed, missed and partly found categories.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../../src/core/random.js';
import type { LabelMap } from '../../../src/tasks/dense/refinement/label-map.js';
import { situation, type Situation } from '../../../src/tasks/dense/refinement/situations.js';
import { categoryErrors, worstCategories } from '../../../src/tasks/dense/refinement/umi.js';
import { runOracle } from '../../helpers/python.js';
import { blobMask } from '../../helpers/random.js';

interface OracleCase {
  errors: [number, number, number][];
  worst: number[];
  situations: Record<string, [Situation['kind'], number | null]>;
}

const random = seededRandom(20250702);
const below = (n: number) => Math.floor(random() * n);

/** A reference of blobs of categories 1…6 over some void, and a prediction that renames, drops, shrinks or keeps each. */
function samplePair(): { pred: LabelMap; ref: LabelMap; k: number } {
  const height = 1 + below(36);
  const width = 1 + below(36);
  const ref = new Uint32Array(height * width);
  const pred = new Uint32Array(height * width);
  for (let blob = 0; blob < 2 + below(7); blob++) {
    const category = 1 + below(6);
    const mask = blobMask(height, width, 1, random);
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) ref[i] = category;
  }
  if (random() < 0.5) for (let i = 0; i < ref.length; i++) if (random() < 0.05) ref[i] = 0;
  const fate = new Map<number, number>();
  for (let c = 1; c <= 6; c++) fate.set(c, below(4));
  const renamed = new Map<number, number>();
  for (let c = 1; c <= 6; c++) renamed.set(c, 1 + below(9));
  const keepFraction = 0.1 + random() * 0.8;
  for (let i = 0; i < ref.length; i++) {
    const c = ref[i]!;
    const kept = c === 0 ? below(10) : c;
    const way = fate.get(c) ?? 0;
    pred[i] = way === 0 ? kept : way === 1 ? renamed.get(c)! : way === 2 ? 0 : random() < keepFraction ? c : below(10);
  }
  for (let blob = 0; blob < below(3); blob++) {
    const category = below(10);
    const mask = blobMask(height, width, 1, random);
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) pred[i] = category;
  }
  const typed = random() < 0.5 ? (values: Uint32Array) => Int32Array.from(values) : (values: Uint32Array) => Uint16Array.from(values);
  return { pred: { height, width, labels: typed(pred) }, ref: { height, width, labels: typed(ref) }, k: 1 + below(7) };
}

test('categoryErrors, worstCategories and situation equal the numpy oracle exactly on 120 seeded pairs', () => {
  const pairs = Array.from({ length: 120 }, samplePair);
  const wire = pairs.map(({ pred, ref, k }) => ({ height: ref.height, width: ref.width, pred: [...pred.labels], ref: [...ref.labels], k }));
  const oracle = runOracle<{ cases: OracleCase[] }>('dense_refine.py', { cases: wire });
  const seen = new Set<string>();
  pairs.forEach(({ pred, ref, k }, n) => {
    const expected = oracle.cases[n]!;
    const errors = [...categoryErrors(pred, ref).values()].map((e) => [e.category, e.umi, e.recall]);
    assert.deepEqual(errors, expected.errors, `case ${n}`);
    assert.deepEqual(worstCategories(pred, ref, k).map((e) => e.category), expected.worst, `case ${n} worst`);
    for (const [category, [kind, predictedAs]] of Object.entries(expected.situations)) {
      const want: Situation = kind === 'wrong-category' ? { kind, predictedAs: predictedAs! } : { kind };
      assert.deepEqual(situation(pred, ref, Number(category)), want, `case ${n} category ${category}`);
      seen.add(kind);
    }
  });
  assert.deepEqual([...seen].sort(), ['incomplete', 'missed', 'wrong-category'], 'the data exercises every situation');
});
