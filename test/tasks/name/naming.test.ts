/**
 * Parallel cascade naming on a tiny random pack, proved against one pass over the one-sequence
 * cascade layout; region independence, chunking, sequential mode and bad input.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import type { Mask } from '../../../src/core/mask.js';
import { convertInternVLCheckpoint, loadInternVLPack, maskedScore, writeTinyInternVLCheckpoint, type InternVLModel } from '../../../src/models/internvl/index.js';
import { tensor } from '../../../src/onnx/index.js';
import { cascadeAttentionMask, type Segment } from '../../../src/tasks/name/cascade-mask.js';
import { nameOf, stopTokens } from '../../../src/tasks/name/answer-text.js';
import { regionSlices, sharedContext } from '../../../src/tasks/name/context.js';
import { embedWithImages } from '../../../src/tasks/name/embed-blocks.js';
import { encodeForNaming, keptTokens, type RegionInput } from '../../../src/tasks/name/encode.js';
import { nameRegions } from '../../../src/tasks/name/name-regions.js';
import { namePrepared, type PreparedInput } from '../../../src/tasks/name/naming.js';
import { namingPrompt, packInstruction, regionBlock } from '../../../src/tasks/name/prompt.js';
import { seededRandom } from '../../helpers/random.js';

const tolerance = 1e-4;
const maxNewTokens = 6;

let dir: string;
let packDir: string;
let model: InternVLModel;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-name-'));
  // 56 px tiles of 7 px patches: 8×8 patches, 4×4 = 16 tokens per tile after the pixel shuffle.
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 7, sizes: { imageSize: 56, patchSize: 7 } });
  packDir = join(dir, 'pack');
  await convertInternVLCheckpoint(checkpoint.dir, packDir);
  model = await loadInternVLPack(packDir);
});

after(async () => {
  await model.release();
  await rm(dir, { recursive: true, force: true });
});

/** Random normalised tiles and crops, with selectors keeping `counts[i]` cells of region i. */
function prepared(seed: number, counts: readonly number[], tileCount = 2): PreparedInput {
  const random = seededRandom(seed);
  const S = model.config.tileSize;
  const cells = model.config.tokensPerTile;
  const noise = (n: number): Float32Array => Float32Array.from({ length: n }, () => random() * 4 - 2);
  const regions: RegionInput[] = counts.map((count) => {
    const selector = new Uint8Array(cells);
    for (let kept = 0; kept < count; ) {
      const cell = Math.floor(random() * cells);
      if (selector[cell]) continue;
      selector[cell] = 1;
      kept++;
    }
    return { pixels: noise(3 * S * S), selector };
  });
  return { tiles: noise(tileCount * 3 * S * S), tileCount, regions };
}

type Trace = Map<string, Float32Array>;
function tracer(): { trace: Trace; onLogits: (row: number, position: number, logits: Float32Array) => void } {
  const trace: Trace = new Map();
  return { trace, onLogits: (row, position, logits) => trace.set(`${row}@${position}`, logits.slice()) };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

test('parallel naming equals one pass over the one-sequence cascade layout (teacher-forced with its answers)', async (t) => {
  const input = prepared(11, [3, 7, 1]);
  const { trace, onLogits } = tracer();
  const named = await namePrepared(model, input, { maxNewTokens, onLogits });
  assert.equal(named.length, 3);

  // The one-sequence layout: shared, regions 0…n−1 (positions 0…P−1), then per answer its infix and tokens from P.
  const encoded = await encodeForNaming(model, input.tiles, input.tileCount, input.regions);
  const prompt = namingPrompt(model, packInstruction(model), input.tileCount * model.config.tokensPerTile);
  const hidden = model.config.hiddenSize;
  const blocks = encoded.regions.map((r) => regionBlock(prompt, r.length / hidden));
  const contextIds = [...prompt.shared, ...blocks.flat()];
  const features = new Float32Array(encoded.wholeImage.length + encoded.regions.reduce((n, r) => n + r.length, 0));
  features.set(encoded.wholeImage);
  let at = encoded.wholeImage.length;
  for (const r of encoded.regions) features.set(r, (at += r.length) - r.length);
  const P = contextIds.length;
  const answerIds = named.flatMap((n) => [...prompt.infix, ...n.tokens]);
  const segments: Segment[] = [
    { kind: 'shared', length: prompt.shared.length },
    ...blocks.map((b, index): Segment => ({ kind: 'region', index, length: b.length })),
    ...named.flatMap((n, index): Segment[] => [{ kind: 'infix', index, length: prompt.infix.length }, { kind: 'answer', index, length: n.tokens.length }]),
  ];
  const positions = [...contextIds.map((_, p) => p), ...named.flatMap((n) => [...prompt.infix, ...n.tokens].map((_, k) => P + k))];
  const L = positions.length;
  const allowed = cascadeAttentionMask(segments);
  const additive = Float32Array.from(allowed, (v) => (v ? 0 : maskedScore));
  const contextEmbeds = (await embedWithImages(model, contextIds, features)).data as Float32Array;
  const answerEmbeds = (await model.embed([answerIds])).data as Float32Array;
  const embeds = new Float32Array(L * hidden);
  embeds.set(contextEmbeds);
  embeds.set(answerEmbeds, contextEmbeds.length);
  const { logits } = await model.decode({
    inputsEmbeds: tensor('float32', [1, L, hidden], embeds),
    attentionMask: tensor('float32', [1, 1, L, L], additive),
    positionIds: tensor('int64', [1, L], BigInt64Array.from(positions, BigInt)),
  });
  const V = model.config.vocabSize;
  const all = logits.data as Float32Array;

  let worst = 0;
  let compared = 0;
  let start = P;
  named.forEach((n, row) => {
    const chunk = [...prompt.infix, ...n.tokens];
    // Every fed position: the infix and each generated token but the last (never fed back).
    for (let k = 0; k < chunk.length - 1; k++) {
      const position = P + k;
      const ours = trace.get(`${row}@${position}`);
      assert.ok(ours, `parallel logits for row ${row} at position ${position}`);
      const theirs = all.subarray((start + k) * V, (start + k + 1) * V);
      worst = Math.max(worst, maxDiff(ours, theirs));
      compared++;
      if (k >= prompt.infix.length - 1) assert.equal(argmax(theirs), chunk[k + 1], `row ${row}: the one-sequence computation generates the same token ${k + 1 - prompt.infix.length}`);
    }
    start += chunk.length;
  });
  const infixEnd = P + prompt.infix.length - 1;
  assert.ok(maxDiff(trace.get(`0@${infixEnd}`)!, trace.get(`1@${infixEnd}`)!) > 1e-3, 'rows see different regions, so their logits differ');
  t.diagnostic(`max |diff| one-sequence vs parallel logits: ${worst.toExponential(2)} over ${compared} positions; names ${JSON.stringify(named.map((n) => n.name))}`);
  assert.ok(worst <= tolerance, `max |diff| ${worst}`);
});

test('whole-image tiles and crops, encoded one per call, equal one call over all of them', async () => {
  const input = prepared(16, [3, 1, 4, 2, 5, 6, 1, 2, 3, 4], 11);
  const S = model.config.tileSize;
  const encoded = await encodeForNaming(model, input.tiles, input.tileCount, input.regions);
  const whole = (await model.encodeImages(tensor('float32', [11, 3, S, S], input.tiles))).imageTokens.data as Float32Array;
  assert.ok(maxDiff(encoded.wholeImage, whole) <= 1e-5);
  assert.equal(encoded.wholeImage.length, whole.length);
  const crops = new Float32Array(input.regions.length * 3 * S * S);
  input.regions.forEach((region, i) => crops.set(region.pixels, i * 3 * S * S));
  const tokens = (await model.encodeImages(tensor('float32', [input.regions.length, 3, S, S], crops))).imageTokens.data as Float32Array;
  const perCrop = model.config.tokensPerTile * model.config.hiddenSize;
  input.regions.forEach((region, i) => {
    assert.ok(maxDiff(encoded.regions[i]!, keptTokens(tokens.subarray(i * perCrop, (i + 1) * perCrop), region.selector, model.config.hiddenSize)) <= 1e-5, `region ${i}`);
  });
});

test('the shared prefix prefilled in chunks gives the cache of one call', async () => {
  const input = prepared(17, [2]);
  const encoded = await encodeForNaming(model, input.tiles, input.tileCount, input.regions);
  const prompt = namingPrompt(model, packInstruction(model), input.tileCount * model.config.tokensPerTile);
  const whole = await sharedContext(model, prompt, encoded.wholeImage, Infinity);
  for (const chunk of [1, 5, prompt.shared.length - 1]) {
    const chunked = await sharedContext(model, prompt, encoded.wholeImage, chunk);
    assert.equal(chunked.slice.length, prompt.shared.length);
    chunked.slice.layers.forEach((layer, l) => {
      assert.ok(maxDiff(layer.key, whole.slice.layers[l]!.key) <= 1e-5, `chunk ${chunk}, layer ${l} keys`);
      assert.ok(maxDiff(layer.value, whole.slice.layers[l]!.value) <= 1e-5, `chunk ${chunk}, layer ${l} values`);
    });
  }
});

test("changing region j's pixels leaves region i's keys, values and logits unchanged", async () => {
  const input = prepared(12, [4, 4, 2]);
  const changed: PreparedInput = { ...input, regions: input.regions.map((r, i) => (i === 1 ? { ...r, pixels: r.pixels.map((v) => -v) } : r)) };
  const slicesOf = async (x: PreparedInput): Promise<Awaited<ReturnType<typeof regionSlices>>> => {
    const encoded = await encodeForNaming(model, x.tiles, x.tileCount, x.regions);
    const prompt = namingPrompt(model, packInstruction(model), x.tileCount * model.config.tokensPerTile);
    const shared = await sharedContext(model, prompt, encoded.wholeImage);
    return regionSlices(model, prompt, shared, encoded.regions, prompt.shared.length, 2 ** 30);
  };
  const [a, b] = [await slicesOf(input), await slicesOf(changed)];
  for (const i of [0, 2]) {
    a[i]!.layers.forEach((layer, l) => {
      assert.deepEqual(layer.key, b[i]!.layers[l]!.key, `region ${i} keys, layer ${l}`);
      assert.deepEqual(layer.value, b[i]!.layers[l]!.value, `region ${i} values, layer ${l}`);
    });
  }
  assert.notDeepEqual(a[1]!.layers[0]!.key, b[1]!.layers[0]!.key, 'region 1 itself did change');

  const [ta, tb] = [tracer(), tracer()];
  const [na, nb] = [await namePrepared(model, input, { maxNewTokens, onLogits: ta.onLogits }), await namePrepared(model, changed, { maxNewTokens, onLogits: tb.onLogits })];
  for (const i of [0, 2]) assert.deepEqual(na[i], nb[i], `answer ${i}`);
  for (const [key, logits] of ta.trace) {
    if (key.startsWith('1@')) continue;
    assert.deepEqual(logits, tb.trace.get(key), `logits ${key}`);
  }
});

test('a tiny memory budget (one region per pass, one row per batch) gives the same answers', async (t) => {
  const input = prepared(13, [2, 5, 3, 1]);
  const [ta, tb] = [tracer(), tracer()];
  const whole = await namePrepared(model, input, { maxNewTokens, onLogits: ta.onLogits });
  const progress: number[] = [];
  const chunked = await namePrepared(model, input, { maxNewTokens, memoryBudgetBytes: 1, onLogits: tb.onLogits, onProgress: (done) => progress.push(done) });
  assert.deepEqual(progress, [1, 2, 3, 4]);
  assert.deepEqual(chunked.map((n) => n.tokens), whole.map((n) => n.tokens));
  let worst = 0;
  for (const [key, logits] of ta.trace) worst = Math.max(worst, maxDiff(logits, tb.trace.get(key)!));
  t.diagnostic(`max |diff| chunked vs one batch: ${worst.toExponential(2)}`);
  assert.ok(worst <= tolerance);
});

test('masks whose layout would pass the trained positions are named in groups, each its own sequence', async () => {
  const input = prepared(15, [6, 2, 5, 3]);
  const prompt = namingPrompt(model, packInstruction(model), input.tileCount * model.config.tokensPerTile);
  const config = model.config as { maxPositionEmbeddings: number };
  const saved = config.maxPositionEmbeddings;
  // Room for regions 0 and 1 (8 + 4 tokens), then 2 and 3 (7 + 5).
  config.maxPositionEmbeddings = prompt.shared.length + 12 + prompt.infix.length + maxNewTokens;
  try {
    const grouped = await namePrepared(model, input, { maxNewTokens });
    const first = await namePrepared(model, { ...input, regions: input.regions.slice(0, 2) }, { maxNewTokens });
    const second = await namePrepared(model, { ...input, regions: input.regions.slice(2) }, { maxNewTokens });
    assert.deepEqual(grouped, [...first, ...second]);
    config.maxPositionEmbeddings = prompt.shared.length + 7 + prompt.infix.length + maxNewTokens;
    await assert.rejects(namePrepared(model, input, { maxNewTokens }), (e: unknown) => e instanceof InvalidInputError && e.field === 'regions[0]');
  } finally {
    config.maxPositionEmbeddings = saved;
  }
});

test('sequential mode runs one call per mask and matches parallel naming of that mask alone', async () => {
  const input = prepared(14, [3, 6]);
  const sequential = await namePrepared(model, input, { mode: 'sequential', maxNewTokens });
  assert.equal(sequential.length, 2);
  for (const [i, named] of sequential.entries()) {
    assert.ok(named.tokens.length >= 1 && named.tokens.length <= maxNewTokens);
    assert.ok(Number.isFinite(named.logProb) && named.logProb <= 0);
    const [alone] = await namePrepared(model, { ...input, regions: [input.regions[i]!] }, { maxNewTokens });
    assert.deepEqual(named, alone, `mask ${i}`);
  }
});

test('nameRegions: image and masks through the preprocessing; no masks; an empty mask', async () => {
  const image = { width: 90, height: 60, data: Uint8Array.from({ length: 90 * 60 * 3 }, (_, i) => (i * 37) % 256) };
  const box = (x0: number, y0: number, x1: number, y1: number): Mask => {
    const data = new Uint8Array(90 * 60);
    for (let y = y0; y < y1; y++) data.fill(1, y * 90 + x0, y * 90 + x1);
    return { width: 90, height: 60, data };
  };
  const named = await nameRegions(image, [box(5, 5, 30, 40), box(50, 10, 85, 55)], { model, maxTiles: 4, maxNewTokens });
  assert.equal(named.length, 2);
  for (const n of named) assert.equal(typeof n.name, 'string');
  const fromDir = await nameRegions(image, [box(5, 5, 30, 40)], { model: packDir, maxTiles: 4, maxNewTokens, mode: 'sequential' });
  assert.deepEqual(fromDir[0]!.tokens, (await nameRegions(image, [box(5, 5, 30, 40)], { model, maxTiles: 4, maxNewTokens })).at(0)!.tokens);

  assert.deepEqual(await nameRegions(image, [], { model }), []);
  const one = [box(5, 5, 30, 40)];
  await assert.rejects(nameRegions(image, one, { model, maxNewTokens: 0 }), (e: unknown) => e instanceof InvalidInputError && e.field === 'maxNewTokens');
  await assert.rejects(nameRegions(image, one, { model, mode: 'fast' as 'parallel' }), (e: unknown) => e instanceof InvalidInputError && e.field === 'mode');
  await assert.rejects(
    nameRegions(image, [box(5, 5, 30, 40), box(0, 0, 0, 0)], { model }),
    (e: unknown) => e instanceof InvalidInputError && e.field === 'masks[1]',
  );
});

test("the pack's owseg.json prompts.wowseg replaces the built-in instruction", () => {
  const prompts = model.manifest.prompts as unknown as Record<string, unknown>;
  const builtIn = namingPrompt(model, packInstruction(model), 16);
  prompts.wowseg = 'Name it: <image>. Region:<image>. Answer briefly.';
  try {
    const custom = namingPrompt(model, packInstruction(model), 16);
    assert.notDeepEqual(custom.shared, builtIn.shared);
    assert.equal(model.tokenizer.decode(custom.infix), '. Answer briefly.<|im_end|>\n<|im_start|>assistant\n');
    assert.ok(model.tokenizer.decode(custom.shared).endsWith(`</img>. Region:`));
  } finally {
    delete prompts.wowseg;
  }
  assert.equal(model.tokenizer.decode(builtIn.infix), '<|im_end|>\n<|im_start|>assistant\n');
  assert.throws(() => namingPrompt(model, 'no image here', 16), (e: unknown) => e instanceof InvalidInputError && e.field === 'instruction');
});

test('an answer stops at its separator or <|im_end|>, and its name is the text before the separator', () => {
  const isStop = stopTokens(model);
  const ids = model.tokenizer.encode('the cat , a dog<|im_end|>');
  const stops = ids.map(isStop);
  const comma = ids.findIndex((id) => model.tokenizer.decode([id]).includes(','));
  assert.ok(comma > 0 && stops[comma], 'the separator token stops a row');
  assert.ok(stops.at(-1), '<|im_end|> stops a row');
  assert.equal(stops.filter(Boolean).length, 2, 'no other token stops a row');
  assert.equal(nameOf(model, ids.slice(0, comma + 1)), 'the cat');
  assert.equal(nameOf(model, ids.slice(comma + 1)), 'a dog');
});
