/**
 * ROSE's candidate pool on SAM: everything-mode masks, then a coverage pass that prompts SAM at the
 * deepest point of every large area no mask covers, so stuff (sky, road, wall) is not left empty.
 */
import { connectedComponents } from '../../core/bitmap/index.js';
import { deepestPoint } from '../../core/draw/distance.js';
import { InvalidInputError } from '../../core/errors.js';
import type { RgbImage } from '../../core/image/rgb-image.js';
import type { Mask } from '../../core/mask.js';
import { decode } from '../../core/rle/index.js';
import { bestMaskIndex, segmentPrompt, type SamModel } from '../../models/sam/index.js';
import { generateEverything, samPredictor, type EverythingOptions } from '../everything/index.js';
import { stabilityFromRows } from '../everything/mask-stats.js';

export interface DenseCandidate {
  mask: Mask;
  area: number;
  predictedIou: number;
  stabilityScore: number;
  source: 'everything' | 'coverage';
}

export interface CoverageOptions {
  /** An uncovered area of at least this share of the image gets a prompt; default 0.01. */
  minFraction?: number;
  /** Most coverage prompts, largest areas first; default 16 (0 turns the pass off). */
  maxPrompts?: number;
}

/** SAM's defaults for the stability score of a coverage mask: logits above 0, offset 1. */
const STABILITY_OFFSET = 1;

export async function denseCandidates(image: RgbImage, sam: SamModel, everything: EverythingOptions = {}, coverage: CoverageOptions = {}): Promise<DenseCandidate[]> {
  const minFraction = coverage.minFraction ?? 0.01;
  const maxPrompts = coverage.maxPrompts ?? 16;
  if (!(minFraction > 0 && minFraction <= 1)) throw new InvalidInputError('coverage.minFraction', 'a share of the image in (0, 1]', `got ${minFraction}`);
  if (!Number.isInteger(maxPrompts) || maxPrompts < 0) throw new InvalidInputError('coverage.maxPrompts', 'a whole number ≥ 0', `got ${maxPrompts}`);
  const found = await generateEverything(samPredictor(sam), image, everything);
  const candidates: DenseCandidate[] = found.map((m) => ({
    mask: decode(m.segmentation),
    area: m.area,
    predictedIou: m.predictedIou,
    stabilityScore: Number.isFinite(m.stabilityScore) ? m.stabilityScore : 0,
    source: 'everything',
  }));
  if (maxPrompts === 0) return candidates;

  const { width, height } = image;
  const uncovered: Mask = { width, height, data: new Uint8Array(width * height).fill(1) };
  for (const c of candidates) for (let i = 0; i < c.mask.data.length; i++) if (c.mask.data[i]) uncovered.data[i] = 0;
  const components = connectedComponents(uncovered, 8);
  const areas = new Int32Array(components.count + 1);
  for (const label of components.labels) areas[label]!++;
  const large = Array.from({ length: components.count }, (_, k) => k + 1)
    .filter((label) => areas[label]! >= minFraction * width * height)
    .sort((a, b) => areas[b]! - areas[a]! || a - b)
    .slice(0, maxPrompts);
  if (large.length === 0) return candidates;
  const embedding = await sam.encodeImage(image);
  // torch compares float32 logits with the thresholds cast to float32.
  const stabilityThresholds = { mask: 0, counted: [Math.fround(STABILITY_OFFSET), Math.fround(-STABILITY_OFFSET)] };
  const scratch = new Uint8Array(width * height);
  const rowCounts = new Int32Array(2 * height);
  for (const label of large) {
    const area: Mask = { width, height, data: Uint8Array.from(components.labels, (l) => (l === label ? 1 : 0)) };
    // The point farthest inside the area: its centre of mass may lie outside it (a ring, an L).
    const result = await segmentPrompt(sam, embedding, { points: [deepestPoint(area)!], labels: [1], multimask: true });
    const best = bestMaskIndex(result);
    const mask = result.masks[best]!;
    const maskArea = mask.data.reduce((n, v) => n + v, 0);
    if (maskArea === 0) continue;
    sam.thresholdLogits(embedding, result.lowResLogits, best, stabilityThresholds, scratch, rowCounts);
    candidates.push({
      mask,
      area: maskArea,
      predictedIou: result.scores[best]!,
      stabilityScore: stabilityFromRows(rowCounts.subarray(0, height), rowCounts.subarray(height)),
      source: 'coverage',
    });
  }
  return candidates;
}
