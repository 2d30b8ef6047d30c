/**
 * SAM preprocessing and postprocessing against the oracle (tools/reference/sam_preprocess.py,
 * Pillow + torch): pixels for each layout's config, apply_coords, and mask logit upscaling.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  officialSamPreprocess,
  parsePreprocessorConfig,
  preprocessImage,
  samGeometry,
  transformCoords,
  upscalePlane,
  type SamPreprocessConfig,
} from '../../../src/models/sam/index.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';
import { float32FromBase64, maxAbsDiff, testImage, toBase64 } from './helpers.js';

const hfSam = parsePreprocessorConfig('sam.json', {
  do_normalize: true,
  do_pad: true,
  do_rescale: true,
  image_mean: [0.485, 0.456, 0.406],
  image_std: [0.229, 0.224, 0.225],
  pad_size: { height: 1024, width: 1024 },
  resample: 2,
  rescale_factor: 0.00392156862745098,
  size: { longest_edge: 1024 },
});
const hfSam2 = parsePreprocessorConfig('sam2.json', {
  image_mean: [0.485, 0.456, 0.406],
  image_std: [0.229, 0.224, 0.225],
  resample: 2,
  rescale_factor: 0.00392156862745098,
  size: { height: 1024, width: 1024 },
});

interface PreprocessResult {
  inputHeight: number;
  inputWidth: number;
  pixels: string;
}

// Every oracle case goes in one Python run: importing torch dominates the cost of a run.
const preprocessCases: { config: SamPreprocessConfig; width: number; height: number }[] = [
  { config: officialSamPreprocess, width: 300, height: 200 },
  { config: officialSamPreprocess, width: 171, height: 640 },
  { config: officialSamPreprocess, width: 1500, height: 1125 },
  { config: hfSam, width: 333, height: 97 },
  { config: hfSam2, width: 250, height: 180 },
  { config: { ...officialSamPreprocess, filter: 'bicubic' }, width: 129, height: 130 },
];
const images = preprocessCases.map((c, i) => testImage(c.width, c.height, 10 + i));

const coordSizes = [[200, 300], [640, 171], [1125, 1500], [97, 333], [1, 1000], [767, 1023]] as const;
const coordRandom = seededRandom(3);
const coords = coordSizes.map(([h, w]) => Array.from({ length: 5 }, () => [coordRandom() * w, coordRandom() * h]));

const LOW = 256;
/** SAM upscales its three multimask outputs as the channels of one tensor. */
const MASKS = 3;
const postprocessSizes = [[200, 300], [640, 171], [1125, 1500], [1024, 1024]] as const;
const logitRandom = seededRandom(9);
const logits = postprocessSizes.map(() => new Float32Array(MASKS * LOW * LOW).map(() => (logitRandom() - 0.5) * 20));

let preprocessResults: PreprocessResult[];
let coordResults: { coords: number[][] }[];
let postprocessResults: { data: string }[];

before(() => {
  const cases = [
    ...preprocessCases.map((c, i) => ({ op: 'preprocess', width: c.width, height: c.height, data: toBase64(images[i]!.data), ...c.config })),
    ...coordSizes.map(([height, width], i) => ({ op: 'coords', height, width, size: 1024, coords: coords[i] })),
    ...postprocessSizes.map(([height, width], i) => {
      const { inputSize } = samGeometry({ height, width }, officialSamPreprocess);
      return { op: 'postprocess', masks: MASKS, lowSize: LOW, data: toBase64(logits[i]!), inputHeight: inputSize.height, inputWidth: inputSize.width, height, width, size: 1024 };
    }),
  ];
  const { results } = runOracle<{ results: unknown[] }>('sam_preprocess.py', { cases });
  preprocessResults = results.slice(0, preprocessCases.length) as PreprocessResult[];
  coordResults = results.slice(preprocessCases.length, preprocessCases.length + coordSizes.length) as { coords: number[][] }[];
  postprocessResults = results.slice(preprocessCases.length + coordSizes.length) as { data: string }[];
});

describe('SAM preprocessing', () => {
  it('parses the transformers.js configs as SAM and SAM 2 processors read them', () => {
    assert.equal(hfSam.resize, 'longest-side');
    assert.equal(hfSam.size, 1024);
    assert.equal(hfSam.rescale, 1 / 255);
    assert.equal(hfSam2.resize, 'square');
    assert.equal(hfSam2.maskSize, 256);
  });

  it('matches Pillow resize + torch normalisation + padding for each config and aspect ratio', () => {
    preprocessCases.forEach((c, i) => {
      const { pixels, geometry } = preprocessImage(images[i]!, c.config);
      const expected = preprocessResults[i]!;
      assert.deepEqual([geometry.inputSize.height, geometry.inputSize.width], [expected.inputHeight, expected.inputWidth], `case ${i} size`);
      assert.equal(maxAbsDiff(pixels, float32FromBase64(expected.pixels)), 0, `case ${i} (${c.width}×${c.height}, ${c.config.resize}) pixels`);
    });
  });

  it('rounds the resized side as int(x + 0.5) and scales points by new/old per axis (apply_coords)', () => {
    coordSizes.forEach(([height, width], i) => {
      const geometry = samGeometry({ height, width }, officialSamPreprocess);
      const got = transformCoords(Float32Array.from(coords[i]!.flat()), geometry);
      const want = coordResults[i]!.coords.flat();
      for (let j = 0; j < want.length; j++) {
        assert.ok(Math.abs(got[j]! - want[j]!) <= 1e-4 * Math.max(1, Math.abs(want[j]!)), `size ${height}×${width} value ${j}: ${got[j]} vs ${want[j]}`);
      }
    });
    assert.deepEqual(samGeometry({ height: 1, width: 1000 }, officialSamPreprocess).inputSize, { height: 1, width: 1024 });
  });

  it('upscales low-res logits as Sam.postprocess_masks (bilinear to 1024², crop, bilinear to the original)', () => {
    postprocessSizes.forEach(([height, width], i) => {
      const geometry = samGeometry({ height, width }, officialSamPreprocess);
      const want = float32FromBase64(postprocessResults[i]!.data);
      for (let m = 0; m < MASKS; m++) {
        const got = upscalePlane(logits[i]!.subarray(m * LOW * LOW, (m + 1) * LOW * LOW), LOW, geometry);
        const diff = maxAbsDiff(got, want.subarray(m * height * width, (m + 1) * height * width));
        // Bit for bit: everything-mode's thresholding relies on the same float32 values as torch's.
        assert.equal(diff, 0, `${height}×${width} mask ${m}: max diff ${diff}`);
      }
    });
  });
});
