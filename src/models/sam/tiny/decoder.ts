/**
 * Tiny random SAM decoders with each layout's published inputs and outputs. Each mask is a
 * Gaussian bump around the positive points (dented by negative ones) modulated by the image
 * features, one width per mask token, so different points give different, nested masks.
 */
import { GraphBuilder, Ops } from '../../../onnx/index.js';
import {
  OFFICIAL_DECODER_OUTPUTS,
  TRANSFORMERS_BOXES,
  TRANSFORMERS_IOU,
  TRANSFORMERS_LABELS,
  TRANSFORMERS_MASKS,
  TRANSFORMERS_OBJECT_SCORES,
  TRANSFORMERS_POINTS,
  TRANSFORMERS_SAM_FEATURES,
  sam2FeatureName,
  type SamLayout,
} from '../layouts.js';
import { EMBEDDING_GRID, TINY_INPUT_SIZE } from './encoder.js';
import { uniform } from './random.js';

export const LOW_RES = 256;
/** Bump widths in input pixels: the official decoder's four tokens (single-mask first), transformers.js exports' three. */
const OFFICIAL_SIGMAS = [60, 25, 60, 140];
const TRANSFORMERS_SIGMAS = [25, 60, 140];

export interface TinyDecoderOptions {
  /** Official layout only: exported with --return-single-mask (one mask chosen in the graph). */
  singleMask?: boolean;
}

export function tinyDecoderGraph(layout: SamLayout, channels: number, random: () => number, options: TinyDecoderOptions = {}): GraphBuilder {
  const g = new GraphBuilder(`tiny-sam-decoder-${layout}`);
  const o = new Ops(g);
  return layout === 'official' ? officialDecoder(g, o, channels, random, options.singleMask ?? false) : transformersDecoder(g, o, layout, channels, random);
}

function officialDecoder(g: GraphBuilder, o: Ops, channels: number, random: () => number, singleMask: boolean): GraphBuilder {
  const grid = EMBEDDING_GRID;
  const embeddings = g.input('image_embeddings', 'float32', [1, channels, grid, grid]);
  const coords = g.input('point_coords', 'float32', [1, 'num_points', 2]);
  const labels = g.input('point_labels', 'float32', [1, 'num_points']);
  const maskInput = g.input('mask_input', 'float32', [1, 1, LOW_RES, LOW_RES]);
  const hasMask = g.input('has_mask_input', 'float32', [1]);
  const origSize = g.input('orig_im_size', 'float32', [2]);
  const m = OFFICIAL_SIGMAS.length;
  const features = o.tanh(featureMap(g, o, [[embeddings, channels, LOW_RES / grid]], m, random));
  let logits = bumpLogits(o, coords, labels, features, OFFICIAL_SIGMAS);
  // SAM adds the mask prompt's embedding densely; a scaled copy of the previous logits stands in for it.
  logits = o.add(logits, o.mul(o.mul(maskInput, hasMask), 0.5));
  let iou = iouHead(g, o, logits, m, random);
  if (singleMask) {
    // SamOnnxModel.select_masks: score = iou + (num_points − 2.5) · [1000, 0, 0, 0], argmax.
    const numPoints = o.cast(o.gather(o.shape(coords), 1), 'float32');
    const reweight = g.constant([1000, 0, 0, 0], 'float32', [1, 4]);
    const best = o.op('ArgMax', [o.add(iou, o.mul(o.sub(numPoints, 2.5), reweight))], { axis: 1, keepdims: 0 });
    logits = o.gather(logits, best, 1);
    iou = o.gather(iou, best, 1);
  }
  const out = singleMask ? 1 : m;
  g.output(upscaleToOriginal(g, o, logits, origSize, out), 'float32', [1, out, 'orig_height', 'orig_width'], OFFICIAL_DECODER_OUTPUTS[0]);
  g.output(iou, 'float32', [1, out], OFFICIAL_DECODER_OUTPUTS[1]);
  g.output(logits, 'float32', [1, out, LOW_RES, LOW_RES], OFFICIAL_DECODER_OUTPUTS[2]);
  return g;
}

function transformersDecoder(g: GraphBuilder, o: Ops, layout: SamLayout, channels: number, random: () => number): GraphBuilder {
  const grid = EMBEDDING_GRID;
  const m = TRANSFORMERS_SIGMAS.length;
  const levels: [string, number, number][] = [];
  if (layout === 'transformers-sam') {
    for (const name of TRANSFORMERS_SAM_FEATURES) levels.push([g.input(name, 'float32', ['batch_size', channels, grid, grid]), channels, 4]);
  } else {
    const sizes = [Math.max(1, channels / 8), Math.max(1, channels / 4), channels];
    sizes.forEach((c, i) => levels.push([g.input(sam2FeatureName(i), 'float32', ['batch_size', c, grid * 4 >> i, grid * 4 >> i]), c, 1 << i]));
  }
  const points = g.input(TRANSFORMERS_POINTS, 'float32', ['batch_size', 'point_batch_size', 'nb_points_per_image', 2]);
  const labels = g.input(TRANSFORMERS_LABELS, 'int64', ['batch_size', 'point_batch_size', 'nb_points_per_image']);
  const boxes = layout === 'transformers-sam2' ? g.input(TRANSFORMERS_BOXES, 'float32', ['batch_size', 'nb_boxes', 4]) : undefined;
  // Prompts of all images and point batches flattened to one axis: [B·P, K, 2] and [B·P, K].
  const shape = o.shape(points);
  const prompts = o.mul(o.slice(shape, [0], [1]), o.slice(shape, [1], [2]));
  const coords = o.reshape(points, o.concat([prompts, o.slice(shape, [2], [4])], 0));
  const flatLabels = o.cast(o.reshape(labels, o.concat([prompts, o.slice(shape, [2], [3])], 0)), 'float32');
  const features = o.tanh(featureMap(g, o, levels, m, random));
  let logits = bumpLogits(o, coords, flatLabels, features, TRANSFORMERS_SIGMAS);
  // Boxes are embedded in SAM 2's graph even when there are none; a zero-weighted sum keeps the input live.
  if (boxes) logits = o.add(logits, o.mul(o.reduceSum(boxes, [0, 1, 2], true), 0));
  const iou = iouHead(g, o, logits, m, random);
  const batched = o.slice(shape, [0], [2]);
  g.output(o.reshape(iou, o.concat([batched, o.ints([m])], 0)), 'float32', ['batch_size', 'point_batch_size', m], TRANSFORMERS_IOU);
  g.output(o.reshape(logits, o.concat([batched, o.ints([m, LOW_RES, LOW_RES])], 0)), 'float32', ['batch_size', 'point_batch_size', m, LOW_RES, LOW_RES], TRANSFORMERS_MASKS);
  if (layout === 'transformers-sam2') {
    const objectness = o.reduceMean(iou, [1], true);
    g.output(o.reshape(objectness, o.concat([batched, o.ints([1])], 0)), 'float32', ['batch_size', 'point_batch_size', 1], TRANSFORMERS_OBJECT_SCORES);
  }
  return g;
}

/** Σ over feature levels of a 1×1 conv to `m` maps, each brought to 256² by nearest upsampling ×`scale`. */
function featureMap(g: GraphBuilder, o: Ops, levels: [value: string, channels: number, scale: number][], m: number, random: () => number): string {
  let sum: string | undefined;
  for (const [i, [value, c, scale]] of levels.entries()) {
    const w = g.initializer(`features${i}.weight`, 'float32', [m, c, 1, 1], uniform(random, m * c, Math.sqrt(3 / c)));
    let map = o.conv(value, w);
    if (scale > 1) map = o.op('Resize', [map, '', g.constant([1, 1, scale, scale], 'float32', [4])], { mode: 'nearest' });
    sum = sum === undefined ? map : o.add(sum, map);
  }
  return sum!;
}

/**
 * coords [P, K, 2] in input pixels, labels [P, K] (float), features [1, M, 256, 256] in (−1, 1) →
 * logits [P, M, 256, 256]: 10 · Σ_k w(label_k) · exp(−d_k² / 2σ_m²) + 2 · feature − 3, with
 * w = 1 for positive points, −1 for negative, 0.5 for box corners, 0 for padding.
 */
function bumpLogits(o: Ops, coords: string, labels: string, features: string, sigmas: readonly number[]): string {
  const g = o.g;
  const step = TINY_INPUT_SIZE / LOW_RES;
  const centres = Array.from({ length: LOW_RES }, (_, i) => (i + 0.5) * step);
  const gx = g.constant(centres, 'float32', [1, 1, 1, 1, LOW_RES]);
  const gy = g.constant(centres, 'float32', [1, 1, 1, LOW_RES, 1]);
  const axis = (i: number): string => o.unsqueeze(o.gather(coords, i, 2), [2, 3, 4]);
  const dx = o.sub(gx, axis(0));
  const dy = o.sub(gy, axis(1));
  const distance2 = o.add(o.mul(dx, dx), o.mul(dy, dy));
  const inverse = g.constant(sigmas.map((s) => 1 / (2 * s * s)), 'float32', [1, 1, sigmas.length, 1, 1]);
  const bumps = o.exp(o.neg(o.mul(distance2, inverse)));
  const weight = o.where(o.equal(labels, 1), 1, o.where(o.equal(labels, 0), -1, o.where(o.greater(labels, 1.5), 0.5, 0)));
  const summed = o.reduceSum(o.mul(bumps, o.unsqueeze(weight, [2, 3, 4])), [1], false);
  return o.sub(o.add(o.mul(summed, 10), o.mul(features, 2)), 3);
}

/** [P, M] predicted IoU from the peak logit (how strongly the prompt holds) and the share of confident pixels. */
function iouHead(g: GraphBuilder, o: Ops, logits: string, m: number, random: () => number): string {
  const bias = g.initializer('iou.bias', 'float32', [m], uniform(random, m, 0.5));
  const peak = o.mul(o.reduceMax(logits, [2, 3], false), 0.4);
  const coverage = o.mul(o.add(o.reduceMean(o.tanh(logits), [2, 3], false), 1), 2);
  return o.sigmoid(o.add(o.add(peak, coverage), bias));
}

/** SamOnnxModel.mask_postprocessing: bilinear to 1024², crop to the resized image, bilinear to orig_im_size. */
function upscaleToOriginal(g: GraphBuilder, o: Ops, logits: string, origSize: string, masks: number): string {
  const linear = { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' };
  const side = TINY_INPUT_SIZE;
  const full = o.op('Resize', [logits, '', '', o.ints([1, masks, side, side])], linear);
  const scale = o.div(side, o.reduceMax(origSize, [0], true));
  const prepadded = o.cast(o.op('Floor', [o.add(o.mul(origSize, scale), 0.5)]), 'int64');
  const cropped = o.slice(full, o.ints([0, 0]), prepadded, [2, 3]);
  return o.op('Resize', [cropped, '', '', o.concat([o.ints([1, masks]), o.cast(origSize, 'int64')], 0)], linear);
}
