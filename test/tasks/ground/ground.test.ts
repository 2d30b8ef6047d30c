/**
 * Segment Anyword end to end on tiny random packs: word maps aggregated from the decoder's attention
 * rows as documented, one SAM mask per entity from the structure's point prompts, bad input named.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import type { RgbImage } from '../../../src/core/image/index.js';
import { convertInternVLCheckpoint, loadInternVLPack, writeTinyInternVLCheckpoint, type InternVLModel } from '../../../src/models/internvl/index.js';
import { loadSam, writeTinySamPack, type SamModel } from '../../../src/models/sam/index.js';
import { embedWithImages } from '../../../src/tasks/name/embed-blocks.js';
import { encodeForNaming } from '../../../src/tasks/name/encode.js';
import { prepareRegions, tileGrid } from '../../../src/tasks/name/preprocess/index.js';
import { defaultLayers, ground, groundingPrompt, parseEntities, stitchTileMaps, tokenWords, wordAttentionMaps } from '../../../src/tasks/ground/index.js';
import { seededRandom } from '../../helpers/random.js';

const width = 96;
const height = 64;
let dir: string;
let model: InternVLModel;
let sam: SamModel;
let image: RgbImage;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-ground-'));
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 29, sizes: { imageSize: 56, patchSize: 7, llmLayers: 3 } });
  await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'pack'));
  model = await loadInternVLPack(join(dir, 'pack'));
  await writeTinySamPack(join(dir, 'sam'), { layout: 'transformers-sam', seed: 29 });
  sam = await loadSam(join(dir, 'sam'));
  const random = seededRandom(8);
  image = { width, height, data: Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256)) };
});
after(async () => {
  await model.release();
  await sam.release();
  await rm(dir, { recursive: true, force: true });
});

describe('word attention maps', () => {
  test("each word's map is its tokens' attention to the image tokens, summed, averaged over the layers, stitched", async () => {
    const structure = parseEntities('the dog next to the red ball');
    const layers = [0, 2];
    const { maps, tokenWords: owners } = await wordAttentionMaps(model, image, structure, { layers, maxTiles: 4, thumbnailWeight: 0.3 });
    // Recomputed here from the decoder's attention output and the documented rules.
    const { tileSize, tokensPerTile, useThumbnail } = model.config;
    const tiling = { maxTiles: 4, tileSize, thumbnail: useThumbnail };
    const prepared = prepareRegions(image, [], { ...tiling, grid: 4 });
    const encoded = await encodeForNaming(model, prepared.tiles, prepared.tileCount, []);
    const prompt = groundingPrompt(model, prepared.tileCount * tokensPerTile, structure.text);
    const out = await model.decode({ inputsEmbeds: await embedWithImages(model, prompt.ids, encoded.wholeImage), logits: 'last', attentionRows: prompt.sentence });
    assert.deepEqual(owners, tokenWords(prompt.sentenceIds, structure.words, (ids) => model.tokenizer.decode(ids)));
    const tiles = tileGrid(width, height, tiling);
    const columns = prepared.tileCount * tokensPerTile;
    for (const word of structure.words) {
      const rows = owners.flatMap((o, k) => (o === word.index ? [k] : []));
      if (rows.length === 0) {
        assert.equal(maps[word.index], undefined);
        continue;
      }
      const perToken = new Float64Array(columns);
      for (const layer of layers) {
        const data = out.attentions[layer]!.data as Float32Array;
        for (const row of rows) for (let c = 0; c < columns; c++) perToken[c] = perToken[c]! + data[row * prompt.ids.length + prompt.imageStart + c]! / 2;
      }
      const expected = stitchTileMaps(perToken, tiles, 4, prepared.tileCount > tiles.cols * tiles.rows ? 0.3 : 0);
      const map = maps[word.index]!;
      assert.equal(map.width, tiles.cols * 4);
      assert.equal(map.height, tiles.rows * 4);
      assert.ok(Math.abs(Math.max(...map.data) - 1) < 1e-6, 'scaled to a maximum of 1');
      const worst = Math.max(...map.data.map((v, k) => Math.abs(v - expected.data[k]!)));
      assert.ok(worst < 1e-5, `word ${word.text}: max |diff| ${worst}`);
    }
  });

  test('default layers are the middle third; layers outside the decoder are refused', async () => {
    assert.deepEqual(defaultLayers(24), [8, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(defaultLayers(3), [1]);
    await assert.rejects(wordAttentionMaps(model, image, parseEntities('a dog'), { layers: [3] }), /layers\[0\]: expected a decoder layer from 0 to 2 \(got 3\)/);
  });
});

describe('ground', () => {
  test('one SAM mask per entity, its points in image pixels, negatives from the other entity', async () => {
    const result = await ground(image, 'the dog next to the red ball', { model, sam, maxTiles: 4, pointsPerWord: 2 });
    assert.deepEqual(result.entities.map((e) => [e.phrase, e.head]), [['the dog', 'dog'], ['the red ball', 'ball']]);
    for (const entity of result.entities) {
      assert.equal(entity.mask.width, width);
      assert.equal(entity.mask.height, height);
      assert.equal(entity.points.length, entity.labels.length);
      for (const [x, y] of entity.points) assert.ok(x > 0 && x < width && y > 0 && y < height, `point ${x}, ${y} inside the image`);
      assert.ok(entity.labels.includes(1) && entity.labels.includes(0), 'positives and negatives');
      assert.ok(entity.attention.peak > 0 && entity.attention.areaAboveThreshold > 0);
    }
    const [dog, ball] = result.entities;
    const dogPositives = dog!.points.filter((_, k) => dog!.labels[k] === 1).map(String);
    const ballNegatives = ball!.points.filter((_, k) => ball!.labels[k] === 0).map(String);
    assert.ok(dogPositives.every((p) => ballNegatives.includes(p)), "the dog's positives are the ball's negatives");
  });

  test('a single entity gets background negatives; the map box can prompt SAM too', async () => {
    // The tiny transformers.js SAM export has no box input, like some published ones; the official layout has.
    await writeTinySamPack(join(dir, 'sam-official'), { layout: 'official', seed: 30 });
    const result = await ground(image, 'a cat', { model, sam: join(dir, 'sam-official'), maxTiles: 2, backgroundNegatives: 2, useBox: true });
    assert.equal(result.entities.length, 1);
    assert.equal(result.entities[0]!.labels.filter((l) => l === 0).length, 2);
    const box = result.entities[0]!.box!;
    assert.ok(box[0] >= 0 && box[2] <= width && box[0] < box[2] && box[1] < box[3]);
  });

  test('empty text and text that names nothing are refused, naming the text', async () => {
    const invalid = (pattern: RegExp) => (error: unknown) => error instanceof InvalidInputError && pattern.test(error.message);
    await assert.rejects(ground(image, '  ', { model, sam }), invalid(/text: expected a phrase to ground .*\(it is empty\)/));
    await assert.rejects(ground(image, 'is running quickly', { model, sam }), invalid(/text: expected a phrase naming at least one thing \(a noun\) \("is running quickly" has none\)/));
  });
});
