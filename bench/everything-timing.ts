/**
 * Timed runs of owseg's everything-mode for the benchmarks: every runner call timed by kind, and the
 * previous postprocessing (each mask's logits materialised by upscaleLogits, then compared) as a baseline.
 */
import type { RgbImage } from '../src/core/image/index.js';
import type { LogitThresholds, SamModel } from '../src/models/sam/index.js';
import { generateEverything, samPredictor, type EverythingMask, type EverythingOptions, type SamRunner } from '../src/tasks/everything/index.js';

export interface Timings {
  /** Milliseconds. */
  total: number;
  encode: number;
  decode: number;
  /** Thresholding the upscaled logits (stability counts, binary mask). */
  threshold: number;
  /** Masks thresholded (those past the predicted-IoU filter). */
  thresholded: number;
  prompts: number;
  masks: EverythingMask[];
}

/** How each kept mask's logits become verdicts: owseg's fused thresholder, or upscaled in full then compared. */
export type Postprocessing = 'fused' | 'materialised';

/** One generator run over `image` with every runner call timed. */
export async function timedRun(model: SamModel, image: RgbImage, options: EverythingOptions, postprocessing: Postprocessing = 'fused'): Promise<Timings> {
  const t: Timings = { total: 0, encode: 0, decode: 0, threshold: 0, thresholded: 0, prompts: 0, masks: [] };
  const runner: SamRunner = {
    encodeImage: async (img) => {
      const start = performance.now();
      const out = await model.encodeImage(img);
      t.encode += performance.now() - start;
      return out;
    },
    decode: async (embedding, prompts) => {
      const start = performance.now();
      const out = await model.decode(embedding, prompts);
      t.decode += performance.now() - start;
      t.prompts += out.iou.length / out.masksPerPrompt;
      return out;
    },
    thresholdLogits: (embedding, lowRes, index, thresholds, mask, rowCounts) => {
      const start = performance.now();
      if (postprocessing === 'fused') model.thresholdLogits(embedding, lowRes, index, thresholds, mask, rowCounts);
      else compareAll(model.upscaleLogits(embedding, lowRes, index), embedding.originalSize.width, thresholds, mask, rowCounts);
      t.threshold += performance.now() - start;
      t.thresholded++;
    },
  };
  const start = performance.now();
  t.masks = await generateEverything(samPredictor(runner), image, options);
  t.total = performance.now() - start;
  return t;
}

/**
 * The materialised baseline's comparisons, in one pass over the logits as the previous code's
 * stability and binarisation loops were (the generator asks for three counted thresholds).
 */
function compareAll(logits: Float32Array, width: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
  const height = logits.length / width;
  if (thresholds.counted.length !== 3) throw new Error('the materialised baseline counts exactly three thresholds');
  const [t0, t1, t2] = thresholds.counted as [number, number, number];
  const mid = thresholds.mask;
  for (let y = 0; y < height; y++) {
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    for (let i = y * width; i < (y + 1) * width; i++) {
      const v = logits[i]!;
      if (v > t0) n0++;
      if (v > t1) n1++;
      if (v > t2) n2++;
      mask[i] = v > mid ? 1 : 0;
    }
    rowCounts[y] = n0;
    rowCounts[height + y] = n1;
    rowCounts[2 * height + y] = n2;
  }
}

/** Milliseconds after the encoder and decoder: thresholding plus filters, boxes, RLE and NMS. */
export function postprocessing(t: Timings): number {
  return t.total - t.encode - t.decode;
}

/** The run's split, e.g. "encoder 12.0 %, decoder 80.0 %, postprocessing 8.0 % (thresholding 7.5 %)". */
export function shares(t: Timings): string {
  const pct = (ms: number): string => `${((100 * ms) / t.total).toFixed(1)} %`;
  return `encoder ${pct(t.encode)}, decoder ${pct(t.decode)}, postprocessing ${pct(postprocessing(t))} (thresholding upscaled logits ${pct(t.threshold)})`;
}
