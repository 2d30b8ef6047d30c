/**
 * ROSE's conversation-style refinement with a reference standing in for the person: each round the
 * five categories with the largest UmI are fixed by their situation's action, then the map is rebuilt.
 */
import { connectedComponents } from '../../core/bitmap/index.js';
import { deepestPoint } from '../../core/draw/distance.js';
import { InvalidInputError } from '../../core/errors.js';
import type { RgbImage } from '../../core/image/rgb-image.js';
import type { Mask } from '../../core/mask.js';
import type { InternVLModel } from '../../models/internvl/index.js';
import { bestMaskIndex, segmentPrompt, type SamEmbedding, type SamModel } from '../../models/sam/index.js';
import { withInternVL, withSam } from '../loaded-models.js';
import { defaultInstruction, nameRegions } from '../name/index.js';
import { assembleDense, type ClassifiedName, type DenseOptions, type DenseResult, type KeptCandidate } from './dense.js';
import type { LabelMap } from './refinement/label-map.js';
import { situation, type Situation } from './refinement/situations.js';
import { worstCategories } from './refinement/umi.js';

export interface RefineOptions extends Pick<DenseOptions, 'sameMeaning' | 'assemble' | 'naming'> {
  sam: SamModel | string;
  samVariant?: string;
  model: InternVLModel | string;
  /** Maps free names onto the reference's categories (required: UmI compares categories). */
  classify: (names: string[]) => Promise<ClassifiedName[]>;
  rounds: number;
  /** Categories fixed per round; ROSE's five. */
  worst?: number;
  /** Called after every round (0 is the map before any fix). */
  onRound?: (round: number, result: DenseResult, actions: RefinementAction[]) => void | Promise<void>;
}

export interface RefinementAction {
  category: number;
  umi: number;
  recall: number;
  situation: Situation;
  /** What was done: renamed candidates, a new candidate, or an extended one. */
  did: 'renamed' | 'added' | 'extended' | 'nothing';
}

/** The instruction for naming again a region whose name the person said is wrong. */
export function correctionInstruction(wrongName: string): string {
  return defaultInstruction.replace(/Region image:$/, `Region image (it is not ${wrongName.replace(/[<>]/g, '')}):`);
}

export async function refineDense(image: RgbImage, start: DenseResult, reference: LabelMap, options: RefineOptions): Promise<DenseResult[]> {
  if (!Number.isInteger(options.rounds) || options.rounds < 0) throw new InvalidInputError('rounds', 'a whole number ≥ 0', `got ${options.rounds}`);
  if (reference.width !== image.width || reference.height !== image.height) {
    throw new InvalidInputError('reference', `the image's size ${image.width}×${image.height}`, `got ${reference.width}×${reference.height}`);
  }
  const history = [start];
  return withSam(options.sam, options.samVariant, (sam) =>
    withInternVL(options.model, async (model) => {
      await options.onRound?.(0, start, []);
      const embedding = await sam.encodeImage(image);
      let current = start;
      for (let round = 1; round <= options.rounds; round++) {
        const kept = [...current.kept];
        const predicted = categoryMap(current);
        const actions: RefinementAction[] = [];
        for (const error of worstCategories(predicted, reference, options.worst ?? 5)) {
          const found = situation(predicted, reference, error.category);
          const region = categoryMask(reference, error.category);
          let did: RefinementAction['did'] = 'nothing';
          if (found.kind === 'wrong-category') did = await rename(image, kept, current, region, found.predictedAs, model, options);
          else if (found.kind === 'missed') did = await addMissed(image, kept, predicted, region, error.category, sam, embedding, model, options);
          else did = await extend(kept, current, region, error.category, sam, embedding);
          actions.push({ category: error.category, umi: error.umi, recall: error.recall, situation: found, did });
        }
        const { map, regions } = assembleDense(image, kept, options);
        current = { ...current, map, regions, kept };
        history.push(current);
        await options.onRound?.(round, current, actions);
      }
      return history;
    }),
  );
}

/** Each pixel's category: its segment's vocabulary id (0 for void and for names no vocabulary mapped). */
export function categoryMap(result: DenseResult): LabelMap {
  const categoryOf = new Int32Array(result.map.segments.length + 1);
  for (const region of result.regions) categoryOf[region.id] = region.categoryId ?? 0;
  return { width: result.map.width, height: result.map.height, labels: Int32Array.from(result.map.ids, (id) => categoryOf[id]!) };
}

function categoryMask(map: LabelMap, category: number): Mask {
  return { width: map.width, height: map.height, data: Uint8Array.from(map.labels, (c) => (c === category ? 1 : 0)) };
}

/** Wrong category: every kept candidate showing `wrong` inside the region is named again, told the old name is wrong. */
async function rename(image: RgbImage, kept: KeptCandidate[], current: DenseResult, region: Mask, wrong: number, model: InternVLModel, options: RefineOptions): Promise<RefinementAction['did']> {
  const targets = current.regions.filter((r) => r.categoryId === wrong && overlaps(current, r.id, region)).map((r) => current.map.segments.find((s) => s.id === r.id)!.sourceIndex);
  if (targets.length === 0) return 'nothing';
  const wrongName = current.regions.find((r) => r.categoryId === wrong)!.name;
  const named = await nameRegions(image, targets.map((k) => kept[k]!.mask), { model, mode: 'parallel', ...(options.naming ?? {}), instruction: correctionInstruction(wrongName) });
  const freeNames = named.map((n) => n.name.trim() || 'region');
  const classified = await options.classify(freeNames);
  targets.forEach((k, i) => {
    kept[k] = { ...kept[k]!, freeName: freeNames[i]!, classified: classified[i]!, source: 'refinement' };
  });
  return 'renamed';
}

/** Missed: SAM prompted at the deepest point of the largest missed part; the mask is named and put above the rest. */
async function addMissed(
  image: RgbImage,
  kept: KeptCandidate[],
  predicted: LabelMap,
  region: Mask,
  category: number,
  sam: SamModel,
  embedding: SamEmbedding,
  model: InternVLModel,
  options: RefineOptions,
): Promise<RefinementAction['did']> {
  const missed: Mask = { ...region, data: Uint8Array.from(region.data, (v, i) => (v && predicted.labels[i] !== category ? 1 : 0)) };
  const point = deepestOfLargest(missed);
  if (!point) return 'nothing';
  const mask = await bestMask(sam, embedding, [point], [1]);
  if (!mask) return 'nothing';
  const [named] = await nameRegions(image, [mask], { model, mode: 'parallel', ...(options.naming ?? {}) });
  const freeName = named!.name.trim() || 'region';
  const [classified] = await options.classify([freeName]);
  kept.push({ mask, objectness: topObjectness(kept), freeName, classified: classified!, source: 'refinement' });
  return 'added';
}

/**
 * Incomplete: the candidate holding most of the category's region is extended by SAM prompted with a
 * positive point deep in the missing part, its own deepest point, and a negative point outside.
 */
async function extend(kept: KeptCandidate[], current: DenseResult, region: Mask, category: number, sam: SamModel, embedding: SamEmbedding): Promise<RefinementAction['did']> {
  let best: { index: number; pixels: number } | undefined;
  for (const r of current.regions) {
    if (r.categoryId !== category) continue;
    const pixels = overlapPixels(current, r.id, region);
    if (!best || pixels > best.pixels) best = { index: current.map.segments.find((s) => s.id === r.id)!.sourceIndex, pixels };
  }
  if (!best) return 'nothing';
  const candidate = kept[best.index]!;
  const missing: Mask = { ...region, data: Uint8Array.from(region.data, (v, i) => (v && !candidate.mask.data[i] ? 1 : 0)) };
  const inside = deepestOfLargest(missing);
  const own = deepestOfLargest(candidate.mask);
  const outside = deepestOfLargest({ ...region, data: Uint8Array.from(region.data, (v, i) => (v || candidate.mask.data[i] ? 0 : 1)) });
  if (!inside || !own) return 'nothing';
  const points = [inside, own, ...(outside ? [outside] : [])];
  const mask = await bestMask(sam, embedding, points, [1, 1, ...(outside ? [0] : [])]);
  if (!mask) return 'nothing';
  kept[best.index] = { ...candidate, mask: { ...mask, data: Uint8Array.from(mask.data, (v, i) => v | candidate.mask.data[i]!) }, source: 'refinement' };
  return 'extended';
}

async function bestMask(sam: SamModel, embedding: SamEmbedding, points: [number, number][], labels: number[]): Promise<Mask | undefined> {
  const result = await segmentPrompt(sam, embedding, { points, labels, multimask: true });
  const mask = result.masks[bestMaskIndex(result)]!;
  return mask.data.includes(1) ? mask : undefined;
}

/** The pixel centre deepest inside the largest 8-connected part of `mask`, or undefined for an empty mask. */
function deepestOfLargest(mask: Mask): [number, number] | undefined {
  const components = connectedComponents(mask, 8);
  if (components.count === 0) return undefined;
  const areas = new Int32Array(components.count + 1);
  for (const label of components.labels) areas[label]!++;
  let largest = 1;
  for (let label = 2; label <= components.count; label++) if (areas[label]! > areas[largest]!) largest = label;
  return deepestPoint({ ...mask, data: Uint8Array.from(components.labels, (l) => (l === largest ? 1 : 0)) });
}

function topObjectness(kept: readonly KeptCandidate[]): number {
  return kept.reduce((max, c) => Math.max(max, c.objectness), 0) + 1;
}

function overlapPixels(result: DenseResult, id: number, region: Mask): number {
  let pixels = 0;
  result.map.ids.forEach((v, i) => {
    if (v === id && region.data[i]) pixels++;
  });
  return pixels;
}

function overlaps(result: DenseResult, id: number, region: Mask): boolean {
  return overlapPixels(result, id, region) > 0;
}
