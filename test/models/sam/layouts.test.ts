/**
 * Each SAM layout from a tiny pack, through the real loaders and ORT sessions: exact published
 * input/output names, owseg pack and raw folder alike, prompts batched, one encoding reused.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { createSession, float32Tensor, toFloat32, type Tensor } from '../../../src/onnx/index.js';
import { loadSam, segmentPrompt, TINY_OFFICIAL_DECODER, type SamEmbedding, type SamLayout, type SamModel } from '../../../src/models/sam/index.js';
import { maxAbsDiff, tempDir, testImage, tinyPack } from './helpers.js';

const PUBLISHED: Record<SamLayout, { encoder: [string[], string[]]; decoder: [string[], string[]] }> = {
  official: {
    encoder: [['image'], ['image_embeddings']],
    decoder: [
      ['image_embeddings', 'point_coords', 'point_labels', 'mask_input', 'has_mask_input', 'orig_im_size'],
      ['masks', 'iou_predictions', 'low_res_masks'],
    ],
  },
  'transformers-sam': {
    encoder: [['pixel_values'], ['image_embeddings', 'image_positional_embeddings']],
    decoder: [['image_embeddings', 'image_positional_embeddings', 'input_points', 'input_labels'], ['iou_scores', 'pred_masks']],
  },
  'transformers-sam2': {
    encoder: [['pixel_values'], ['image_embeddings.0', 'image_embeddings.1', 'image_embeddings.2']],
    decoder: [
      ['image_embeddings.0', 'image_embeddings.1', 'image_embeddings.2', 'input_points', 'input_labels', 'input_boxes'],
      ['iou_scores', 'pred_masks', 'object_score_logits'],
    ],
  },
};
const LAYOUTS = Object.keys(PUBLISHED) as SamLayout[];
const image = testImage(300, 200, 1);

let root: Awaited<ReturnType<typeof tempDir>>;
const models = new Map<SamLayout, SamModel>();
/** One encoding of `image` per layout, shared by the tests that do not count encoder runs. */
const embeddings = new Map<SamLayout, SamEmbedding>();

before(async () => {
  root = await tempDir('sam-layouts');
  for (const layout of LAYOUTS) {
    const model = await loadSam(await tinyPack(root.path, layout, { layout, seed: 7 }));
    models.set(layout, model);
    embeddings.set(layout, await model.encodeImage(image));
  }
});
after(async () => {
  for (const model of models.values()) await model.release();
  await root.remove();
});

/** Number of 1s in a mask. */
const area = (data: Uint8Array): number => data.reduce((a, b) => a + b, 0);

for (const layout of LAYOUTS) {
  describe(`SAM layout ${layout}`, () => {
    it('has exactly the published input and output names', async () => {
      const { encoder, decoder } = models.get(layout)!.sessions;
      assert.deepEqual([encoder.inputNames, encoder.outputNames], PUBLISHED[layout].encoder);
      const [inputs, outputs] = PUBLISHED[layout].decoder;
      // The official decoder is opened without its in-graph `masks` upscale (official-decoder.ts); the file has it.
      assert.deepEqual([decoder.inputNames, decoder.outputNames], [inputs, outputs.filter((o) => layout !== 'official' || o !== 'masks')]);
      const file = await createSession(join(root.path, layout, layout === 'official' ? TINY_OFFICIAL_DECODER : 'onnx/prompt_encoder_mask_decoder.onnx'));
      assert.deepEqual([file.inputNames, file.outputNames], PUBLISHED[layout].decoder);
      await file.release();
      assert.equal(models.get(layout)!.layout, layout);
    });

    it('encodes once and decodes many prompts with point-dependent masks', async () => {
      const model = models.get(layout)!;
      let encoderRuns = 0;
      const encoder = model.sessions.encoder;
      const run = encoder.run.bind(encoder);
      encoder.run = (feeds, names) => {
        encoderRuns++;
        return run(feeds, names);
      };
      try {
        const embedding = await model.encodeImage(image);
        assert.deepEqual(embedding.originalSize, { height: 200, width: 300 });
        assert.deepEqual(embedding.inputSize, layout === 'transformers-sam2' ? { height: 1024, width: 1024 } : { height: 683, width: 1024 });
        const points = Float32Array.from([40, 40, 260, 160, 150, 100]);
        const batch = await model.decode(embedding, { points, labels: Float32Array.from([1, 1, 1]) });
        assert.equal(batch.masksPerPrompt, 3);
        assert.equal(batch.iou.length, 9);
        assert.equal(batch.lowResLogits.length, 9 * 256 * 256);
        const results = [];
        for (let p = 0; p < 3; p++) {
          const [x, y] = [points[2 * p]!, points[2 * p + 1]!];
          const result = await segmentPrompt(model, embedding, { points: [[x, y]], labels: [1] });
          assert.equal(result.masks.length, 3);
          for (const mask of result.masks) {
            assert.deepEqual([mask.height, mask.width], [200, 300]);
            assert.equal(mask.data[Math.round(y) * 300 + Math.round(x)], 1, `prompt ${p}: the point is inside its mask`);
          }
          // A one-prompt decode equals that prompt's slice of the batch.
          assert.ok(maxAbsDiff(result.lowResLogits, batch.lowResLogits.subarray(p * 3 * 65536, (p + 1) * 3 * 65536)) < 1e-4);
          assert.ok(maxAbsDiff(result.scores, batch.iou.subarray(p * 3, p * 3 + 3)) < 1e-6);
          results.push(result);
        }
        assert.notDeepEqual(results[0]!.masks[1]!.data, results[1]!.masks[1]!.data, 'different points give different masks');
        assert.equal(encoderRuns, 1);
      } finally {
        encoder.run = run;
      }
    });

    it('returns one mask per prompt without multimask', async () => {
      const model = models.get(layout)!;
      const embedding = embeddings.get(layout)!;
      const result = await segmentPrompt(model, embedding, { points: [[100, 80], [200, 150]], labels: [1, 0], multimask: false });
      assert.equal(result.masks.length, 1);
      assert.equal(result.scores.length, 1);
      assert.equal(result.lowResLogits.length, 256 * 256);
      const multi = await model.decode(embedding, { points: Float32Array.from([100, 80, 200, 150]), labels: Float32Array.from([1, 0]), pointsPerPrompt: 2 });
      if (layout === 'official') {
        assert.ok(!multi.iou.includes(result.scores[0]!), 'the single-mask token is not one of the three multimask ones');
      } else {
        assert.equal(result.scores[0], Math.max(...multi.iou), 'the best of the three exported masks');
      }
    });

    it('loads the raw folder (no owseg.json) to the same outputs', async () => {
      const dir = await tinyPack(root.path, `${layout}-raw`, { layout, seed: 7, manifest: false });
      const raw = await loadSam(dir);
      try {
        assert.equal(raw.layout, layout);
        const prompt = { points: [[120, 90]] as [number, number][], labels: [1] };
        const a = await segmentPrompt(raw, image, prompt);
        const b = await segmentPrompt(models.get(layout)!, embeddings.get(layout)!, prompt);
        assert.deepEqual(a.scores, b.scores);
        assert.deepEqual(a.lowResLogits, b.lowResLogits);
      } finally {
        await raw.release();
      }
    });
  });
}

describe('SAM layout specifics', () => {
  const officialFeeds = (embedding: SamEmbedding): Record<string, Tensor> => ({
    ...embedding.features,
    point_coords: float32Tensor([1, 2, 2], [100 * (1024 / 300), 60 * (1024 / 300), 0, 0]),
    point_labels: float32Tensor([1, 2], [1, -1]),
    mask_input: float32Tensor([1, 1, 256, 256], new Float32Array(65536)),
    has_mask_input: float32Tensor([1], [0]),
    orig_im_size: float32Tensor([2], [200, 300]),
  });

  it('official: the decoder’s own upscaled masks equal upscaleLogits of its low_res_masks', async () => {
    const model = models.get('official')!;
    const embedding = embeddings.get('official')!;
    const decoder = await createSession(join(root.path, 'official', TINY_OFFICIAL_DECODER));
    const out = await decoder.run(officialFeeds(embedding));
    await decoder.release();
    assert.deepEqual(out.masks!.dims, [1, 4, 200, 300]);
    const low = toFloat32(out.low_res_masks!);
    const full = toFloat32(out.masks!);
    for (let m = 0; m < 4; m++) {
      const diff = maxAbsDiff(model.upscaleLogits(embedding, low, m), full.subarray(m * 60000, (m + 1) * 60000));
      assert.ok(diff < 1e-4, `mask ${m}: ORT Resize vs torch-convention upscaling differ by ${diff}`);
    }
  });

  it('official: the opened decoder gives the file’s own IoUs and low-res logits, and takes prompts in batches', async () => {
    const model = models.get('official')!;
    const embedding = embeddings.get('official')!;
    const decoder = await createSession(join(root.path, 'official', TINY_OFFICIAL_DECODER));
    const file = await decoder.run(officialFeeds(embedding), ['iou_predictions', 'low_res_masks']);
    await decoder.release();
    const opened = await model.sessions.decoder.run(officialFeeds(embedding));
    assert.deepEqual(toFloat32(opened.iou_predictions!), toFloat32(file.iou_predictions!));
    assert.deepEqual(toFloat32(opened.low_res_masks!), toFloat32(file.low_res_masks!));
    let calls = 0;
    const run = model.sessions.decoder.run.bind(model.sessions.decoder);
    model.sessions.decoder.run = (feeds, names) => {
      calls++;
      return run(feeds, names);
    };
    try {
      const points = Float32Array.from([40, 40, 260, 160, 150, 100]);
      const batch = await model.decode(embedding, { points, labels: Float32Array.of(1, 1, 1) });
      assert.equal(calls, 1, 'three prompts, one decoder call');
      for (let p = 0; p < 3; p++) {
        const one = await model.decode(embedding, { points: points.subarray(2 * p, 2 * p + 2), labels: Float32Array.of(1) });
        assert.ok(maxAbsDiff(one.lowResLogits, batch.lowResLogits.subarray(p * 3 * 65536, (p + 1) * 3 * 65536)) < 1e-4, `prompt ${p}`);
      }
    } finally {
      model.sessions.decoder.run = run;
    }
  });

  it('official: a single-mask export whose graph does not batch still decodes one prompt per call', async () => {
    const dir = await tinyPack(root.path, 'official-single', { layout: 'official', seed: 7, singleMask: true });
    const model = await loadSam(dir);
    try {
      assert.deepEqual(model.sessions.decoder.outputNames, ['iou_predictions', 'low_res_masks']);
      let calls = 0;
      const run = model.sessions.decoder.run.bind(model.sessions.decoder);
      model.sessions.decoder.run = (feeds, names) => {
        calls++;
        return run(feeds, names);
      };
      const result = await model.decode(await model.encodeImage(image), { points: Float32Array.from([40, 40, 260, 160]), labels: Float32Array.of(1, 1), multimask: false });
      assert.equal(calls, 2);
      assert.equal(result.iou.length, 2);
    } finally {
      await model.release();
    }
  });

  it('official: a raw pair named any way (the notebook’s sam_onnx_example.onnx) is told apart by its inputs', async () => {
    const dir = join(root.path, 'notebook');
    await mkdir(dir);
    await copyFile(join(root.path, 'official', 'sam_tiny.encoder.onnx'), join(dir, 'vit_b.onnx'));
    await copyFile(join(root.path, 'official', 'sam_tiny.decoder.onnx'), join(dir, 'sam_onnx_example.onnx'));
    const model = await loadSam(dir);
    try {
      assert.deepEqual(model.sessions.decoder.inputNames, PUBLISHED.official.decoder[0]);
      const a = await model.decode(embeddings.get('official')!, { points: Float32Array.from([30, 40]), labels: Float32Array.from([1]) });
      const b = await models.get('official')!.decode(embeddings.get('official')!, { points: Float32Array.from([30, 40]), labels: Float32Array.from([1]) });
      assert.deepEqual(a.iou, b.iou);
    } finally {
      await model.release();
    }
  });

  it('official: an export with --return-single-mask gives one mask even for multimask', async () => {
    const model = await loadSam(await tinyPack(root.path, 'single', { layout: 'official', seed: 7, singleMask: true }));
    try {
      const result = await segmentPrompt(model, image, { points: [[50, 50]], labels: [1], multimask: true });
      assert.equal(result.masks.length, 1);
    } finally {
      await model.release();
    }
  });

  it('official: a previous low-res mask as maskInput changes the result', async () => {
    const model = models.get('official')!;
    const embedding = embeddings.get('official')!;
    const first = await segmentPrompt(model, embedding, { points: [[150, 100]], labels: [1], multimask: false });
    const second = await segmentPrompt(model, embedding, { points: [[150, 100]], labels: [1], multimask: false, maskInput: first.lowResLogits });
    assert.notDeepEqual(first.lowResLogits, second.lowResLogits);
  });

  it('boxes: official and SAM 2 take them as corner points; transformers.js SAM without input_boxes refuses', async () => {
    for (const layout of ['official', 'transformers-sam2'] as const) {
      const result = await segmentPrompt(models.get(layout)!, embeddings.get(layout)!, { box: [100, 60, 200, 140] });
      assert.equal(result.masks.length, 3);
      assert.ok(area(result.masks[2]!.data) > 0, `${layout}: the widest box mask is not empty`);
    }
    await assert.rejects(segmentPrompt(models.get('transformers-sam')!, embeddings.get('transformers-sam')!, { box: [100, 60, 200, 140] }), (e: unknown) => e instanceof InvalidInputError && e.field === 'boxes');
    await assert.rejects(
      segmentPrompt(models.get('transformers-sam')!, embeddings.get('transformers-sam')!, { points: [[100, 60], [200, 140]], labels: [2, 3] }),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'boxes',
    );
    await assert.rejects(
      segmentPrompt(models.get('transformers-sam')!, embeddings.get('transformers-sam')!, { points: [[100, 60]], labels: [1], maskInput: new Float32Array(65536) }),
      (e: unknown) => e instanceof InvalidInputError && e.field === 'maskInput',
    );
  });

  it('the pack manifest lists the layout files with sha256', async () => {
    const { readSamManifest } = await import('../../../src/models/sam/index.js');
    const manifest = await readSamManifest(join(root.path, 'transformers-sam2'), true);
    assert.equal(manifest.family, 'sam');
    assert.deepEqual(Object.keys(manifest.files).sort(), ['config.json', 'onnx/prompt_encoder_mask_decoder.onnx', 'onnx/vision_encoder.onnx', 'preprocessor_config.json']);
    await rm(join(root.path, 'single'), { recursive: true, force: true });
  });
});
