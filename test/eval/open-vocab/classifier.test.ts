/**
 * Open-vocabulary mapping: hand-worked scores with fixed vectors (max vs mean over templates,
 * synonyms, temperature), argument errors, and the tiny BERT against the PyTorch embedding oracle.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSentenceTransformer, writeTinyBert } from '../../../src/models/text/index.js';
import { OpenVocabClassifier, VILD_TEMPLATES, fillTemplate, mapToVocabulary, splitSynonyms } from '../../../src/eval/open-vocab/index.js';
import type { TextEmbedder } from '../../../src/eval/text-embedding.js';
import { runOracle } from '../../helpers/python.js';
import { FakeEmbedder } from '../region-recognition/fake-embedder.js';

/** Returns the vector listed for each text; unknown texts are an error, so the test shows every sentence embedded. */
class TableEmbedder implements TextEmbedder {
  readonly dimension = 2;
  constructor(private readonly table: Record<string, [number, number]>) {}
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => {
      const v = this.table[t];
      if (v === undefined) throw new Error(`unexpected text ${JSON.stringify(t)}`);
      return Float32Array.from(v);
    });
  }
}

const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('templates and synonyms: max over sentences vs mean of normalised template vectors', async () => {
  // Class "x": one synonym, two templates at 0° and 90°; class "y": one sentence at 45°·… chosen below.
  const table: Record<string, [number, number]> = {
    'A x': [1, 0],
    'B x': [0, 2],
    'A y': [1, 1],
    'B y': [1, 1],
    query: [1, 0],
  };
  const classes = [
    { id: 'x', names: ['x'] },
    { id: 'y', names: ['y'] },
  ];
  const embedder = new TableEmbedder(table);
  const [max] = await mapToVocabulary(['query'], classes, { embedder, templates: ['A {}', 'B {}'] });
  close(max!.scores[0]!, 1);
  close(max!.scores[1]!, Math.SQRT1_2);
  assert.equal(max!.classId, 'x');
  const [mean] = await mapToVocabulary(['query'], classes, { embedder, templates: ['A {}', 'B {}'], templateReduction: 'mean' });
  // mean of (1,0) and (0,1) renormalised is (1,1)/√2: both classes now score cos 45°; the first wins the tie.
  close(mean!.scores[0]!, Math.SQRT1_2);
  close(mean!.scores[1]!, Math.SQRT1_2);
  assert.equal(mean!.classId, 'x');
  close(mean!.probability, 0.5);
});

test('softmax over classes with a temperature; the best synonym stands for its class', async () => {
  const embedder = new TableEmbedder({ cat: [1, 0], kitty: [0.6, 0.8], dog: [0, 1], hound: [-1, 0], q: [0, 1] });
  const classes = [
    { id: 1, names: ['cat', 'kitty'] },
    { id: 2, names: ['hound', 'dog'] },
  ];
  const [m] = await mapToVocabulary(['q'], classes, { embedder, templates: ['{}'] });
  assert.deepEqual(m!.scores.map((s) => Number(s.toFixed(6))), [0.8, 1]);
  assert.equal(m!.classId, 2);
  close(m!.probability, Math.exp(1) / (Math.exp(1) + Math.exp(0.8)));
  const [sharp] = await mapToVocabulary(['q'], classes, { embedder, templates: ['{}'], temperature: 0.01 });
  close(sharp!.probability, 1 / (1 + Math.exp(-20)));
  close(sharp!.probabilities[0]! + sharp!.probabilities[1]!, 1);
});

test('templates, synonym lists and argument errors', async () => {
  assert.equal(fillTemplate('There is a {} in the scene.', 'dog'), 'There is a dog in the scene.');
  assert.deepEqual(splitSynonyms('wall, brick wall,stone  wall'), ['wall', 'brick wall', 'stone  wall']);
  const embedder = new FakeEmbedder();
  await assert.rejects(mapToVocabulary(['a'], [{ id: 1, names: ['x'] }], { embedder, templates: ['no slot'] }), {
    name: 'InvalidInputError',
    message: 'templates[0]: expected a template with exactly one {} and no other braces (got "no slot")',
  });
  await assert.rejects(mapToVocabulary(['a'], [{ id: 1, names: ['x'] }, { id: 1, names: ['y'] }], { embedder }), { message: 'classes[1].id: expected an id no other class has (1 repeats)' });
  await assert.rejects(mapToVocabulary(['a'], [{ id: 1, names: [] }], { embedder }), { message: 'classes[0].names: expected at least one name' });
  await assert.rejects(mapToVocabulary(['a'], [], { embedder }), { message: 'classes: expected at least one class' });
  await assert.rejects(mapToVocabulary(['a'], [{ id: 1, names: ['x'] }], { embedder, temperature: 0 }), { message: 'temperature: expected a positive number (got 0)' });
  const classifier = await OpenVocabClassifier.create([{ id: 1, names: ['x'] }], { embedder });
  assert.deepEqual(await classifier.classify([]), []);
  // Default template is Osprey's region template.
  assert.deepEqual(embedder.calls.at(-1), ['There is a x in the scene.']);
});

test('tiny BERT: scores equal the oracle embeddings cosines (ViLD templates, max) and an exact sentence scores 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-ov-'));
  try {
    await writeTinyBert(dir, { seed: 3 });
    const embedder = await loadSentenceTransformer(dir);
    try {
      const classes = [
        { id: 'dog', names: ['dog', 'hound'] },
        { id: 'car', names: ['red car'] },
        { id: 'cup', names: ['cup', 'mug'] },
      ];
      const names = ['a red car', 'mug', 'There is a cup in the scene'];
      const matches = await mapToVocabulary(names, classes, { embedder, templates: VILD_TEMPLATES });
      const sentences = classes.map((c) => c.names.flatMap((n) => VILD_TEMPLATES.map((t) => fillTemplate(t, n))));
      const oracle = runOracle<{ embeddings: number[][] }>('text_embedding.py', { model_dir: dir, texts: [...names, ...sentences.flat()], max_length: 256 });
      const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
      let offset = names.length;
      const expected = sentences.map((own) => {
        const vectors = oracle.embeddings.slice(offset, offset + own.length);
        offset += own.length;
        return names.map((_, n) => Math.max(...vectors.map((v) => dot(v, oracle.embeddings[n]!))));
      });
      matches.forEach((m, n) => m.scores.forEach((s, c) => close(s, expected[c]![n]!, 1e-5)));
      close(matches[2]!.scores[2]!, 1);
      assert.equal(matches[2]!.classId, 'cup');
    } finally {
      await embedder.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
