/**
 * dense(): ROSE's output from the parts owseg runs — SAM candidates scored for objectness, the top N
 * named in one parallel WOW-Seg pass, thing or stuff decided, assembled into one panoptic map.
 */
import { InvalidInputError } from '../../core/errors.js';
import { assertRgbImage, type RgbImage } from '../../core/image/rgb-image.js';
import type { Mask } from '../../core/mask.js';
import type { InternVLModel } from '../../models/internvl/index.js';
import type { SamModel } from '../../models/sam/index.js';
import { withInternVL, withSam } from '../loaded-models.js';
import type { EverythingOptions } from '../everything/index.js';
import { nameRegions } from '../name/index.js';
import { assemblePanoptic, type AssembleOptions } from './assemble.js';
import { denseCandidates, type CoverageOptions } from './candidates.js';
import type { DensePanoptic } from './dense-map.js';
import { mergeStuff, type SameMeaning } from './merge-stuff.js';
import { objectness, topN } from './objectness.js';
import { isThingByShape } from './thing-or-stuff.js';

/** A name mapped onto a closed class list: the class's label and kind, and its id there. */
export interface ClassifiedName {
  label: string;
  isthing: boolean;
  categoryId: number;
}

export interface NamingSettings {
  maxTiles?: number;
  contextScale?: number;
  maxNewTokens?: number;
}

export interface DenseOptions {
  sam: SamModel | string;
  samVariant?: string;
  model: InternVLModel | string;
  everything?: EverythingOptions;
  coverage?: CoverageOptions;
  /** ROSE keeps the N most object-like candidates; default 100. */
  topN?: number;
  /**
   * Candidates smaller than this many pixels are not kept (default 100): specks say nothing to a
   * naming model, and may vanish when the image is resized for it.
   */
  minCandidateArea?: number;
  naming?: NamingSettings;
  /** Maps free names onto a vocabulary (which also says thing or stuff); without it names stay free and shape decides. */
  classify?: (names: string[]) => Promise<ClassifiedName[]>;
  /** Whether two stuff names mean the same, for merging neighbours; default equal after trimming and lower-casing. */
  sameMeaning?: SameMeaning;
  assemble?: AssembleOptions;
  onStage?: (stage: 'candidates' | 'naming' | 'assembly', done: number, total: number) => void;
}

export interface DenseRegion {
  id: number;
  /** The vocabulary's label when one maps it, else the generated name. */
  name: string;
  /** WOW-Seg's own name for the winning candidate. */
  freeName: string;
  categoryId?: number;
  isthing: boolean;
  /** Objectness of the candidate the segment comes from. */
  score: number;
  area: number;
  bbox: [number, number, number, number];
  source: KeptCandidate['source'];
}

/** A kept candidate as the assembly sees it; refinement edits these and assembles again. */
export interface KeptCandidate {
  mask: Mask;
  objectness: number;
  freeName: string;
  /** The vocabulary's mapping of `freeName`, when a vocabulary is used. */
  classified?: ClassifiedName;
  source: 'everything' | 'coverage' | 'refinement';
}

export interface DenseResult {
  map: DensePanoptic;
  regions: DenseRegion[];
  /** The candidates the map was assembled from (its segments' sourceIndex points here). */
  kept: KeptCandidate[];
  /** Candidates SAM proposed before the top-N selection. */
  candidates: number;
  /** Seconds in each stage. */
  timings: { sam: number; naming: number; assembly: number };
}

export async function dense(image: RgbImage, options: DenseOptions): Promise<DenseResult> {
  assertRgbImage(image);
  const n = options.topN ?? 100;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError('topN', 'a whole number ≥ 1', `got ${n}`);
  const imageArea = image.width * image.height;

  let start = performance.now();
  const candidates = await withSam(options.sam, options.samVariant, (sam) => denseCandidates(image, sam, options.everything, options.coverage));
  options.onStage?.('candidates', candidates.length, candidates.length);
  const scores = candidates.map((c) => objectness(c, imageArea));
  const minArea = options.minCandidateArea ?? 100;
  if (!(minArea >= 1)) throw new InvalidInputError('minCandidateArea', 'a number of pixels ≥ 1', `got ${minArea}`);
  const eligible = candidates.flatMap((c, i) => (c.area >= minArea ? [i] : []));
  const kept = topN(eligible.map((i) => scores[i]!), n).map((k) => eligible[k]!);
  const samSeconds = (performance.now() - start) / 1000;

  start = performance.now();
  const freeNames = kept.length === 0 ? [] : await nameKept(image, kept.map((i) => candidates[i]!.mask), options);
  const classified = options.classify && freeNames.length > 0 ? await options.classify(freeNames) : undefined;
  const namingSeconds = (performance.now() - start) / 1000;

  start = performance.now();
  const keptCandidates: KeptCandidate[] = kept.map((index, k) => ({
    mask: candidates[index]!.mask,
    objectness: scores[index]!,
    freeName: freeNames[k]!,
    ...(classified?.[k] ? { classified: classified[k] } : {}),
    source: candidates[index]!.source,
  }));
  const { map, regions } = assembleDense(image, keptCandidates, options);
  const assemblySeconds = (performance.now() - start) / 1000;
  options.onStage?.('assembly', regions.length, regions.length);
  return { map, regions, kept: keptCandidates, candidates: candidates.length, timings: { sam: samSeconds, naming: namingSeconds, assembly: assemblySeconds } };
}

/**
 * The panoptic map of `kept`: thing or stuff from the vocabulary, else from shape; assembled (most
 * object-like first) and neighbouring stuff of the same meaning merged.
 */
export function assembleDense(image: { width: number; height: number }, kept: readonly KeptCandidate[], options: Pick<DenseOptions, 'sameMeaning' | 'assemble'> = {}): { map: DensePanoptic; regions: DenseRegion[] } {
  const named = kept.map((candidate) => ({
    mask: candidate.mask,
    objectness: candidate.objectness,
    name: candidate.classified?.label ?? candidate.freeName,
    isthing: candidate.classified?.isthing ?? isThingByShape(candidate.mask),
  }));
  const sameMeaning = options.sameMeaning ?? ((a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase());
  const map = named.length === 0 ? emptyMap(image) : mergeStuff(assemblePanoptic(named, options.assemble), sameMeaning);
  const regions = map.segments.map((segment): DenseRegion => {
    const candidate = kept[segment.sourceIndex]!;
    return {
      id: segment.id,
      name: segment.name,
      freeName: candidate.freeName,
      ...(candidate.classified ? { categoryId: candidate.classified.categoryId } : {}),
      isthing: segment.isthing,
      score: candidate.objectness,
      area: segment.area,
      bbox: segment.bbox,
      source: candidate.source,
    };
  });
  return { map, regions };
}

/** One parallel naming pass over the kept masks; an empty answer becomes "region". */
async function nameKept(image: RgbImage, masks: Mask[], options: DenseOptions): Promise<string[]> {
  return withInternVL(options.model, async (model) => {
    const named = await nameRegions(image, masks, {
      model,
      mode: 'parallel',
      ...(options.naming ?? {}),
      onProgress: (done, total) => options.onStage?.('naming', done, total),
    });
    return named.map((region) => region.name.trim() || 'region');
  });
}

function emptyMap(image: { width: number; height: number }): DensePanoptic {
  return { width: image.width, height: image.height, ids: new Int32Array(image.width * image.height), segments: [] };
}
