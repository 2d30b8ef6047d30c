/**
 * Refusals, each naming what is wrong: images that are not images, packs of another family or
 * damaged, folders in no known layout, and prompts outside the image or of the wrong length.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { encodePng, loadImage } from '../../../src/core/image/index.js';
import { loadSam, segmentPrompt, type SamEmbedding, type SamModel } from '../../../src/models/sam/index.js';
import { tempDir, testImage, tinyPack } from './helpers.js';

let root: Awaited<ReturnType<typeof tempDir>>;
let official: string;
let sam2: string;
let model: SamModel;
let embedding: SamEmbedding;
const image = testImage(300, 200, 2);

before(async () => {
  root = await tempDir('sam-bad');
  official = await tinyPack(root.path, 'official', { layout: 'official', seed: 3, embeddingChannels: 8 });
  sam2 = await tinyPack(root.path, 'sam2', { layout: 'transformers-sam2', seed: 3, embeddingChannels: 8 });
  model = await loadSam(official);
  embedding = await model.encodeImage(image);
});
after(async () => {
  await model.release();
  await root.remove();
});

/** Asserts an InvalidInputError whose field contains `field` and whose message contains every `words`. */
function invalid(field: string, ...words: string[]): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
    assert.ok(error.field.includes(field), `field "${error.field}" should name ${field}`);
    for (const word of words) assert.ok(error.message.includes(word), `"${error.message}" should mention ${word}`);
    return true;
  };
}

describe('SAM bad images', () => {
  it('refuses a file that is not an image, and one over the pixel limit', async () => {
    const text = join(root.path, 'notes.png');
    await writeFile(text, 'not an image');
    await assert.rejects(loadImage(text), invalid('notes.png', 'not a readable image'));
    const png = join(root.path, 'big.png');
    await writeFile(png, await encodePng(testImage(40, 30, 1)));
    await assert.rejects(loadImage(png, { maxPixels: 1000 }), invalid('big.png', '1200 pixels'));
  });

  it('refuses a zero-sized or malformed image at encodeImage', async () => {
    await assert.rejects(model.encodeImage({ width: 0, height: 10, data: new Uint8Array(0) }), invalid('image.width'));
    await assert.rejects(model.encodeImage({ width: 10, height: 10, data: new Uint8Array(5) }), invalid('image.data'));
    await assert.rejects(model.encodeImage('image.png' as never), invalid('image'));
  });
});

describe('SAM bad packs and folders', () => {
  it('refuses a pack of another family, naming the field', async () => {
    const dir = join(root.path, 'internvl');
    await cp(official, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(join(dir, 'owseg.json'), 'utf8'));
    await writeFile(join(dir, 'owseg.json'), JSON.stringify({ ...manifest, family: 'internvl' }));
    await assert.rejects(loadSam(dir), invalid('family', '"sam"', '"internvl"'));
  });

  it('refuses a manifest whose layout contradicts the graphs', async () => {
    const dir = join(root.path, 'mislabelled');
    await cp(sam2, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(join(dir, 'owseg.json'), 'utf8'));
    manifest.config.layout = 'transformers-sam';
    await writeFile(join(dir, 'owseg.json'), JSON.stringify(manifest));
    await assert.rejects(loadSam(dir), invalid('config.layout', 'transformers-sam2'));
  });

  it('refuses a damaged pack file by sha256 (sizes equal), and loads it with verify: false', async () => {
    const dir = join(root.path, 'damaged');
    await cp(sam2, dir, { recursive: true });
    const path = join(dir, 'preprocessor_config.json');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('  ', ' \t'));
    await assert.rejects(loadSam(dir), invalid('preprocessor_config.json', 'sha256'));
    const loaded = await loadSam(dir, { verify: false });
    await loaded.release();
  });

  it('refuses a folder in none of the layouts, listing what it found', async () => {
    const dir = join(root.path, 'stray');
    await cp(official, dir, { recursive: true });
    await rm(join(dir, 'owseg.json'));
    await cp(join(dir, 'sam_tiny.encoder.onnx'), join(dir, 'other_encoder.onnx'));
    await assert.rejects(loadSam(dir), invalid(dir, 'other_encoder.onnx', 'sam_tiny.decoder.onnx', 'transformers.js'));
    await assert.rejects(loadSam(join(root.path, 'missing')), invalid('missing', 'no such directory'));
    const empty = join(root.path, 'empty-folder');
    await mkdir(empty);
    await writeFile(join(empty, 'notes.txt'), 'x');
    await assert.rejects(loadSam(empty), invalid('empty-folder', 'no .onnx files'));
  });

  it('refuses a transformers.js folder without preprocessor_config.json', async () => {
    const dir = join(root.path, 'no-config');
    await cp(sam2, dir, { recursive: true });
    await rm(join(dir, 'owseg.json'));
    await rm(join(dir, 'preprocessor_config.json'));
    await assert.rejects(loadSam(dir), invalid('preprocessor_config.json', 'no such file'));
  });
});

describe('SAM bad prompts', () => {
  it('refuses points outside the image, naming the point', async () => {
    await assert.rejects(segmentPrompt(model, embedding, { points: [[301, 10]], labels: [1] }), invalid('points[0]', '300×200'));
    await assert.rejects(segmentPrompt(model, embedding, { points: [[10, 10], [5, -1]], labels: [1, 0] }), invalid('points[1]'));
    await assert.rejects(segmentPrompt(model, embedding, { points: [[Number.NaN, 10]], labels: [1] }), invalid('points[0]'));
    await assert.rejects(model.decode(embedding, { points: Float32Array.from([10, 10, 10, 999]), labels: Float32Array.from([1, 1]) }), invalid('points[1]'));
  });

  it('refuses boxes outside the image or inverted', async () => {
    await assert.rejects(segmentPrompt(model, embedding, { box: [10, 10, 320, 50] }), invalid('box', 'bottom-right'));
    await assert.rejects(segmentPrompt(model, embedding, { box: [100, 10, 50, 50] }), invalid('box', 'x0 ≤ x1'));
    await assert.rejects(model.decode(embedding, { boxes: Float32Array.from([0, 0, 10, 10, 0, 0, 10, 500]) }), invalid('boxes[1]'));
    await assert.rejects(model.decode(embedding, { boxes: Float32Array.from([0, 0, 10]) }), invalid('boxes', 'P×4'));
  });

  it('refuses wrong lengths and values, naming the field', async () => {
    await assert.rejects(segmentPrompt(model, embedding, { points: [[10, 10]], labels: [1, 1] }), invalid('labels', 'one label per point'));
    await assert.rejects(segmentPrompt(model, embedding, { points: [[10, 10]], labels: [5] }), invalid('labels[0]'));
    await assert.rejects(segmentPrompt(model, embedding, { points: [[10, 10, 3]] as never, labels: [1] }), invalid('points[0]', '[x, y]'));
    await assert.rejects(segmentPrompt(model, embedding, {}), invalid('prompt', 'at least one point or a box'));
    await assert.rejects(segmentPrompt(model, embedding, { points: [[10, 10]], labels: [1], maskInput: new Float32Array(100) }), invalid('maskInput', '256×256'));
    await assert.rejects(model.decode(embedding, { points: Float32Array.from([1, 1, 2, 2, 3, 3]), labels: Float32Array.from([1, 1, 1]), pointsPerPrompt: 2 }), invalid('labels'));
    await assert.rejects(model.decode(embedding, { points: [1, 1] as never, labels: Float32Array.from([1]) }), invalid('points', 'Float32Array'));
  });

  it('refuses an embedding from another layout and plane indices out of range', async () => {
    const other = await loadSam(sam2);
    try {
      await assert.rejects(other.decode(embedding, { points: Float32Array.from([5, 5]), labels: Float32Array.from([1]) }), invalid('embedding', 'transformers-sam2'));
    } finally {
      await other.release();
    }
    const result = await model.decode(embedding, { points: Float32Array.from([5, 5]), labels: Float32Array.from([1]) });
    assert.throws(() => model.upscaleLogits(embedding, result.lowResLogits, 3), invalid('index', '0 to 2'));
  });
});
