/**
 * The sentence-transformers ONNX embedder on tiny random BERT folders: hand-worked ids, truncation,
 * embeddings against the PyTorch oracle (tools/reference/text_embedding.py), incomplete folders.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { GraphBuilder, Ops } from '../../../src/onnx/index.js';
import { loadSentenceTransformer, tinyVocabulary, writeTinyBert, type SentenceTransformerEmbedder } from '../../../src/models/text/index.js';
import { runOracle } from '../../helpers/python.js';

let root: string;
let dir: string;
let embedder: SentenceTransformerEmbedder;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'owseg-text-'));
  dir = join(root, 'tiny');
  await writeTinyBert(dir, { seed: 7 });
  embedder = await loadSentenceTransformer(dir, { batchSize: 3 });
});

after(async () => {
  await embedder.release();
  await rm(root, { recursive: true, force: true });
});

const vocab = new Map(tinyVocabulary().map((piece, id) => [piece, id]));
const ids = (pieces: string[]) => pieces.map((p) => vocab.get(p)!);

test('tokenisation: lower-casing, accents, punctuation, WordPiece continuations, CJK and [UNK]', () => {
  // The vocabulary's order pins the ids: [PAD] [UNK] [CLS] [SEP] [MASK], 32 punctuation marks, 10 digits, a–z …
  assert.deepEqual(ids(['[CLS]', '[SEP]', '!', 'a', '##a', 'the']), [2, 3, 5, 47, 73, 109]);
  assert.equal(vocab.size, tinyVocabulary().length, 'no piece twice');
  const cases: [string, string[]][] = [
    ['A photo of a Dog.', ['a', 'photo', 'of', 'a', 'dog', '.']],
    ['  photographs\t', ['photo', '##graph', '##s']],
    ['Unbelievable!', ['un', '##believ', '##able', '!']],
    ['Café', ['cafe']],
    ['bow_(weapon)', ['bow', '_', '(', 'weapon', ')']],
    ['mug:handle', ['mug', ':', 'handle']],
    ['日本', ['[UNK]', '[UNK]']],
    ['xyz', ['x', '##y', '##z']],
    ['a€b', ['[UNK]']],
    ['x'.repeat(101), ['[UNK]']],
    ['', []],
  ];
  for (const [text, pieces] of cases) {
    assert.deepEqual(embedder.tokenizer.encode(text), { ids: ids(['[CLS]', ...pieces, '[SEP]']), typeIds: new Array(pieces.length + 2).fill(0) }, text);
  }
});

test('truncation keeps [CLS], the first max_seq_length − 2 pieces and [SEP] (256 from sentence_bert_config.json, not 128 from tokenizer.json)', () => {
  assert.equal(embedder.tokenizer.maxLength, 256);
  const long = Array.from({ length: 300 }, (_, i) => ['dog', 'cat', 'red'][i % 3]).join(' ');
  const { ids: got } = embedder.tokenizer.encode(long);
  assert.equal(got.length, 256);
  assert.deepEqual(got.slice(0, 4), ids(['[CLS]', 'dog', 'cat', 'red']));
  assert.deepEqual(got.slice(-2), ids(['cat', '[SEP]']));
  assert.equal(embedder.tokenizer.encode(Array(254).fill('dog').join(' ')).ids.length, 256);
  assert.equal(embedder.tokenizer.encode(Array(255).fill('dog').join(' ')).ids.length, 256);
});

const texts = [
  'a photo of a dog.',
  'dog',
  '',
  'bow (weapon)',
  'Knife edge  blade',
  'photographs Unbelievable! Café 日本',
  'red car',
  Array.from({ length: 300 }, (_, i) => ['tree', 'sky', 'road', 'photographs'][i % 4]).join(' '),
  'the people on the left of the white boat',
];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

test('embeddings match the PyTorch oracle within 1e-5 (batches of 3, padding, truncation) and are unit length', async (t) => {
  const got = await embedder.embed(texts);
  const oracle = runOracle<{ ids: number[][]; embeddings: number[][] }>('text_embedding.py', { model_dir: dir, texts, max_length: 256 });
  texts.forEach((text, i) => assert.deepEqual(embedder.tokenizer.encode(text).ids, oracle.ids[i], text.slice(0, 40)));
  let worst = 0;
  got.forEach((v, i) => {
    assert.equal(v.length, 32);
    worst = Math.max(worst, maxAbsDiff(v, oracle.embeddings[i]!));
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-6);
  });
  assert.ok(worst < 1e-5, `max |diff| ${worst}`);
  t.diagnostic(`max |diff| vs oracle: ${worst.toExponential(2)}`);
  // The same text alone or in a padded batch embeds the same.
  const [alone] = await embedder.embed(['dog']);
  assert.ok(maxAbsDiff(alone!, got[1]!) < 1e-6);
});

test('root model.onnx without token_type_ids, and a maxLength override, load and match the oracle', async () => {
  const other = join(root, 'flat');
  await writeTinyBert(other, { seed: 8, modelFile: 'model.onnx', tokenTypeIds: false });
  const flat = await loadSentenceTransformer(other, { maxLength: 8 });
  try {
    const sample = ['a photo of a dog on the road', 'sky'];
    const oracle = runOracle<{ ids: number[][]; embeddings: number[][] }>('text_embedding.py', { model_dir: other, texts: sample, max_length: 8 });
    assert.deepEqual(flat.tokenizer.encode(sample[0]!).ids, oracle.ids[0]);
    assert.equal(oracle.ids[0]!.length, 8);
    const got = await flat.embed(sample);
    got.forEach((v, i) => assert.ok(maxAbsDiff(v, oracle.embeddings[i]!) < 1e-5));
  } finally {
    await flat.release();
  }
});

test('without sentence_bert_config.json the limit is min(max_position_embeddings, model_max_length); do_lower_case lower-cases first', async () => {
  const other = join(root, 'configs');
  await writeTinyBert(other, { seed: 5 });
  await unlink(join(other, 'sentence_bert_config.json'));
  const config = JSON.parse(await readFile(join(other, 'tokenizer_config.json'), 'utf8'));
  await writeFile(join(other, 'tokenizer_config.json'), JSON.stringify({ ...config, model_max_length: 100 }));
  const limited = await loadSentenceTransformer(other);
  assert.equal(limited.tokenizer.maxLength, 100);
  await limited.release();
  await writeFile(join(other, 'tokenizer_config.json'), JSON.stringify(config));
  const unlimited = await loadSentenceTransformer(other);
  assert.equal(unlimited.tokenizer.maxLength, 512);
  await unlimited.release();

  // A tokenizer that keeps case has no piece for "D"; sentence-transformers' do_lower_case fixes that before it runs.
  const tokenizerJson = JSON.parse(await readFile(join(other, 'tokenizer.json'), 'utf8'));
  tokenizerJson.normalizer.lowercase = false;
  await writeFile(join(other, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  const cased = await loadSentenceTransformer(other);
  assert.deepEqual(cased.tokenizer.encode('Dog').ids, ids(['[CLS]', '[UNK]', '[SEP]']));
  await cased.release();
  await writeFile(join(other, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: 256, do_lower_case: true }));
  const lowered = await loadSentenceTransformer(other);
  assert.deepEqual(lowered.tokenizer.encode('Dog').ids, ids(['[CLS]', 'dog', '[SEP]']));
  await lowered.release();
});

test('missing files and unusable models are named', async () => {
  const broken = join(root, 'broken');
  await writeTinyBert(broken, { seed: 9 });
  await unlink(join(broken, 'onnx', 'model.onnx'));
  await assert.rejects(loadSentenceTransformer(broken), {
    name: 'InvalidInputError',
    message: `${join(broken, 'onnx/model.onnx')}: expected an ONNX model (onnx/model.onnx or model.onnx in ${broken}) (no such file)`,
  });
  await unlink(join(broken, 'tokenizer.json'));
  await assert.rejects(loadSentenceTransformer(broken), { message: `${join(broken, 'tokenizer.json')}: expected an existing file (no such file)` });
  await unlink(join(broken, 'config.json'));
  await assert.rejects(loadSentenceTransformer(broken), { message: `${join(broken, 'config.json')}: expected an existing file (no such file)` });

  await assert.rejects(loadSentenceTransformer(dir, { maxLength: 513 }), { message: 'maxLength: expected at most max_position_embeddings (512) (got 513)' });

  const pooled = join(root, 'cls');
  await writeTinyBert(pooled, { seed: 9 });
  await writeFile(join(pooled, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }));
  await assert.rejects(loadSentenceTransformer(pooled), {
    message: `${join(pooled, '1_Pooling', 'config.json')}: pooling_mode_*: expected pooling_mode_mean_tokens alone (got pooling_mode_cls_token)`,
  });

  // A graph with other inputs and outputs than a BERT export.
  const wrong = join(root, 'wrong');
  await writeTinyBert(wrong, { seed: 9 });
  const g = new GraphBuilder('wrong');
  const o = new Ops(g);
  const x = g.input('input_ids', 'int64', ['b', 's']);
  g.input('pixel_values', 'float32', ['b', 3]);
  g.output(o.cast(x, 'float32'), 'float32', ['b', 's'], 'logits');
  const path = join(wrong, 'onnx', 'model.onnx');
  await g.save(path);
  await assert.rejects(loadSentenceTransformer(wrong), {
    message: `${path}: inputs: expected input_ids, attention_mask [, token_type_ids] (no attention_mask among input_ids, pixel_values)`,
  });
});
