/**
 * The Osprey and WOW-Seg clean-ups and Semantic IoU: hand-worked cases, then agreement with the
 * independent Python oracle (tools/reference/region_recognition.py) on awkward labels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanPair, ospreyGroundTruth, ospreyPrediction, semanticIoU, wowsegGroundTruth, wowsegPrediction, type CleanupVariant } from '../../../src/eval/region-recognition/index.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';

test('Osprey: ground truth keeps parentheticals; the answer keeps the text after its first colon', () => {
  assert.equal(ospreyGroundTruth('bow_(weapon)'), 'bow (weapon)');
  assert.equal(ospreyGroundTruth('mug:handle'), 'mug handle');
  assert.equal(ospreyGroundTruth('t-shirt'), 't-shirt');
  assert.equal(ospreyPrediction('  Category: dog. '), ' dog ');
  assert.equal(ospreyPrediction('a: b: c'), ' b');
  assert.equal(ospreyPrediction('red, white car.'), 'red  white car ');
  assert.equal(ospreyPrediction('bow_(weapon)'), 'bow_(weapon)');
});

test('WOW-Seg: ground truth loses parentheticals, _ - and : ; the answer only _ and :', () => {
  assert.equal(wowsegGroundTruth('bow_(weapon)'), 'bow');
  assert.equal(wowsegGroundTruth('hat (red) big'), 'hat big');
  assert.equal(wowsegGroundTruth('a (b)c'), 'ac');
  assert.equal(wowsegGroundTruth('x_(y)_z_(w)'), 'x z');
  assert.equal(wowsegGroundTruth('a)b(c'), 'a)b(c');
  assert.equal(wowsegGroundTruth('knife-edge: blade'), 'knife edge  blade');
  assert.equal(wowsegGroundTruth('  mug :handle_top  '), 'mug  handle top');
  assert.equal(wowsegPrediction('bow_(weapon): t-shirt.'), 'bow (weapon)  t-shirt.');
});

test('Semantic IoU: lower-cased word sets, both empty scores 0', () => {
  assert.equal(semanticIoU('Red car', 'car'), 0.5);
  assert.equal(semanticIoU('car car', 'CAR'), 1);
  assert.equal(semanticIoU('a b c', 'c d'), 0.25);
  assert.equal(semanticIoU('  ', ''), 0);
  assert.equal(semanticIoU('dog', ''), 0);
  // Python's whitespace: U+001F and U+0085 split, U+FEFF does not.
  assert.equal(semanticIoU('a\x1fb\x85c', 'a b c'), 1);
  assert.equal(semanticIoU('a\ufeffb', 'a b'), 0);
});

const handPicked = [
  'bow_(weapon)',
  'Bow_(Weapon)_extra',
  'mug:handle',
  'mug: handle: top',
  'knife-edge',
  'a)b(c',
  '((nested) paren)',
  'x_(y)_z_(w)',
  ' trailing space ',
  'tab\tsep\nline',
  'ideographic\u3000space',
  'nbsp\xa0word',
  'unit\x1fsep',
  'bom\ufeffword',
  'Ünïcödé Straße',
  'ΣΑΣ final sigma',
  'answer: dog. cat, bird',
  '',
  ':',
  '_(only)',
];

function randomLabel(random: () => number): string {
  const pieces = ['dog', 'Cat', '_', '-', ':', '(', ')', ' ', '.', ',', 'big', 'RED', '\t', 'x'];
  let text = '';
  const length = Math.floor(random() * 10);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

interface OracleResponse {
  pairs: { prediction: string; groundTruth: string; SIoU: number }[];
  SIoU: number;
}

for (const variant of ['osprey', 'wowseg'] as CleanupVariant[]) {
  test(`${variant}: clean-up and Semantic IoU match the Python oracle`, () => {
    const random = seededRandom(variant === 'osprey' ? 11 : 12);
    const pairs = handPicked.flatMap((a, i) => [
      { prediction: a, groundTruth: handPicked[(i + 3) % handPicked.length]! },
      { prediction: handPicked[(i + 7) % handPicked.length]!, groundTruth: a },
    ]);
    for (let i = 0; i < 300; i++) pairs.push({ prediction: randomLabel(random), groundTruth: randomLabel(random) });
    const oracle = runOracle<OracleResponse>('region_recognition.py', { cleanup: variant, pairs });
    pairs.forEach((pair, i) => {
      const cleaned = cleanPair(pair, variant);
      const expected = oracle.pairs[i]!;
      assert.deepEqual(cleaned, { prediction: expected.prediction, groundTruth: expected.groundTruth }, JSON.stringify(pair));
      assert.equal(semanticIoU(cleaned.prediction, cleaned.groundTruth), expected.SIoU, JSON.stringify(pair));
    });
  });
}
