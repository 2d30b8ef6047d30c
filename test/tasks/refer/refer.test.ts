/**
 * RAS one-pass scoring on a tiny random pack: every candidate's reading equals scoring it alone
 * after the context, no other candidate can change it, passes split exactly, the group decision and
 * its empty outcome, linear heads, and bad input named.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import type { RgbImage } from '../../../src/core/image/index.js';
import type { Mask } from '../../../src/core/mask.js';
import { convertInternVLCheckpoint, loadInternVLPack, writeTinyInternVLCheckpoint, type InternVLModel } from '../../../src/models/internvl/index.js';
import { readLinearHead, readReferCandidates, refer, referPrompt, writeLinearHead, type CandidateReading, type MaskTokenKind } from '../../../src/tasks/refer/index.js';
import { rectangleMask, seededRandom } from '../../helpers/random.js';

const tolerance = 1e-4;
const width = 64;
const height = 48;

let dir: string;
let model: InternVLModel;
let image: RgbImage;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-refer-'));
  // 56 px tiles of 7 px patches: 16 tokens per tile, so masks pool over a real grid of cells.
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 17, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'pack'));
  model = await loadInternVLPack(join(dir, 'pack'));
  const random = seededRandom(5);
  image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
});
after(async () => {
  await model.release();
  await rm(dir, { recursive: true, force: true });
});

const box = (x0: number, y0: number, x1: number, y1: number): Mask => rectangleMask(height, width, [x0, y0, x1, y1]);
const pool = [box(2, 2, 20, 18), box(30, 5, 60, 40), box(10, 25, 14, 30), box(40, 40, 63, 47), box(0, 0, 64, 48)];
const references = [box(5, 30, 25, 45)];

function assertSameReading(actual: CandidateReading, expected: CandidateReading, what: string): void {
  assert.ok(Math.abs(actual.yesNo - expected.yesNo) < tolerance, `${what}: yesNo ${actual.yesNo} vs ${expected.yesNo}`);
  const worst = Math.max(...actual.hidden.map((v, d) => Math.abs(v - expected.hidden[d]!)));
  assert.ok(worst < tolerance, `${what}: max |hidden diff| ${worst}`);
}

const read = (candidates: readonly Mask[], maskTokens: MaskTokenKind, extra: { memoryBudgetBytes?: number } = {}) =>
  readReferCandidates(image, 'the boxes on the left', { model, candidates, references, maskTokens, maxTiles: 4, ...extra });

describe('one-pass candidate scoring', () => {
  for (const maskTokens of ['pool', 'mask2token'] as const) {
    test(`${maskTokens}: one pass over every candidate equals scoring each alone after the context`, async () => {
      const together = await read(pool, maskTokens);
      assert.equal(together.length, pool.length);
      for (const [i, candidate] of pool.entries()) {
        const [alone] = await read([candidate], maskTokens);
        assertSameReading(together[i]!, alone!, `candidate ${i}`);
      }
    });

    test(`${maskTokens}: moving or changing candidate j leaves candidate i's reading as it was`, async () => {
      const base = await read(pool, maskTokens);
      const moved = await read([pool[4]!, pool[1]!, pool[0]!, pool[3]!, pool[2]!], maskTokens);
      assertSameReading(moved[2]!, base[0]!, 'candidate 0 moved to the middle');
      assertSameReading(moved[0]!, base[4]!, 'candidate 4 moved to the front');
      const changed = await read([pool[0]!, box(31, 6, 50, 30), pool[2]!, pool[3]!, pool[4]!], maskTokens);
      for (const i of [0, 2, 3, 4]) assertSameReading(changed[i]!, base[i]!, `candidate ${i} beside a changed candidate 1`);
    });
  }

  test('passes split under a small memory budget give the readings of one pass', async () => {
    const one = await read(pool, 'mask2token');
    const split = await read(pool, 'mask2token', { memoryBudgetBytes: 1 });
    one.forEach((reading, i) => assertSameReading(split[i]!, reading, `candidate ${i}`));
  });

  test('the prompt: the context ends right before a candidate, the block ends where the answer starts', () => {
    const prompt = referPrompt(model, { text: 'the dog', wholeImageTokens: 3, referenceTokens: [1, 2] });
    const text = model.tokenizer.decode(prompt.shared);
    assert.match(text, /Image: <img>(<IMG_CONTEXT>){3}<\/img>\nRequest: the dog\nReference regions: <mask-ref-pre><img><IMG_CONTEXT><\/img> <mask-ref-pre><img>(<IMG_CONTEXT>){2}<\/img>\nCandidate region: <mask-pool-pre>$/);
    assert.match(model.tokenizer.decode(prompt.tail), /^\nIs the candidate region part of what the request refers to\? Answer Yes or No\.<\|im_end\|>\n<\|im_start\|>assistant\n$/);
    assert.equal(prompt.yes, model.tokenizer.encode('Yes')[0]);
    assert.equal(prompt.no, model.tokenizer.encode('No')[0]);
  });
});

describe('refer', () => {
  test('selects the candidates above the threshold, best first, and reports an empty group as such', async () => {
    const readings = await read(pool, 'pool');
    const scores = readings.map((r) => r.yesNo);
    const middle = [...scores].sort((a, b) => a - b)[2]!;
    const result = await refer(image, 'the boxes on the left', { model, candidates: pool, references, maxTiles: 4, threshold: middle });
    assert.equal(result.head, 'zero-shot');
    assert.equal(result.maskTokens, 'pool');
    assert.deepEqual(result.selected, scores.map((s, i) => [s, i] as const).filter(([s]) => s > middle).sort((a, b) => b[0] - a[0]).map(([, i]) => i));
    assert.equal(result.empty, false);
    for (const c of result.candidates) {
      assert.ok(Math.abs(c.score - scores[c.index]!) < tolerance);
      assert.ok(Math.abs(c.probability - 1 / (1 + Math.exp(-c.score))) < 1e-12);
    }
    const none = await refer(image, 'the boxes on the left', { model, candidates: pool, references, maxTiles: 4, threshold: Math.max(...scores) + 1 });
    assert.deepEqual(none.selected, []);
    assert.equal(none.empty, true);
  });

  test('a linear head scores w · hidden + b, keeps its threshold and mask-token kind through its file', async () => {
    const readings = await read(pool, 'mask2token');
    const hidden = readings[0]!.hidden.length;
    const weight = Float32Array.from({ length: hidden }, (_, d) => Math.sin(d + 1));
    const path = join(dir, 'head.safetensors');
    await writeLinearHead(path, { kind: 'linear', weight, bias: -0.25, threshold: 0.5, maskTokens: 'mask2token', hidden });
    const head = await readLinearHead(path);
    assert.deepEqual([...head.weight], [...weight]);
    assert.equal(head.bias, -0.25);
    assert.equal(head.threshold, 0.5);
    const result = await refer(image, 'the boxes on the left', { model, candidates: pool, references, maxTiles: 4, head });
    assert.equal(result.maskTokens, 'mask2token', 'the head decides the mask tokens');
    result.candidates.forEach((c, i) => {
      const expected = readings[i]!.hidden.reduce((sum, h, d) => sum + h * weight[d]!, -0.25);
      assert.ok(Math.abs(c.score - expected) < tolerance, `candidate ${i}`);
      assert.equal(c.selected, c.score > 0.5);
    });
    await assert.rejects(refer(image, 'x', { model, candidates: pool, head, maskTokens: 'pool' }), /maskTokens: expected "mask2token", the mask tokens the head was fitted on/);
  });

  test('bad input is named: no candidates, a reference of another size, an empty reference, empty text', async () => {
    const invalid = (pattern: RegExp) => (error: unknown) => error instanceof InvalidInputError && pattern.test(error.message);
    await assert.rejects(refer(image, 'x', { model, candidates: [] }), invalid(/candidates: expected at least one candidate mask \(the pool is empty\)/));
    await assert.rejects(refer(image, 'x', { model, candidates: pool, references: [rectangleMask(10, 10, [0, 0, 5, 5])] }), invalid(/references\[0\]: expected the image's size 64 × 48 \(got 10 × 10\)/));
    await assert.rejects(refer(image, 'x', { model, candidates: pool, references: [box(0, 0, 0, 0)] }), invalid(/references\[0\]: expected a mask with at least one pixel set/));
    await assert.rejects(refer(image, '   ', { model, candidates: pool }), invalid(/text: expected a request in words/));
  });
});
