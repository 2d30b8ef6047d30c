/**
 * What is in an annotation or result file, as plain data: counts, segmentation kinds, area and
 * score ranges, the most frequent categories. `owseg info` prints it; programs can use it as is.
 */
import { area as rleArea } from '../rle/index.js';
import type { CocoInstances } from './coco.js';
import type { CocoResult } from './coco-results.js';
import type { AnnotationFile } from './detect.js';
import type { Lvis, LvisFrequency } from './lvis.js';
import type { OwsegResult } from './owseg-result.js';
import { segmentationKind, type Segmentation, type SegmentationKind } from './segmentation.js';

/** How many entries the "top" lists keep. */
export const TOP_COUNT = 10;

export interface NumberStats {
  min: number;
  median: number;
  max: number;
}

export interface Range {
  min: number;
  max: number;
}

export type SegmentationCounts = Record<SegmentationKind, number>;

export interface CategoryCount {
  id: number;
  /** null when the file has no category list (COCO results). */
  name: string | null;
  count: number;
}

export interface InstancesSummary {
  format: 'coco-instances' | 'lvis';
  images: number;
  annotations: number;
  categories: number;
  crowd: number;
  segmentation: SegmentationCounts;
  /** From the annotations' `area` fields; null without annotations. */
  area: NumberStats | null;
  /** Categories by annotation count, most first (ties by id), at most {@link TOP_COUNT}. */
  topCategories: CategoryCount[];
  /** LVIS only: categories and annotations in each frequency group. */
  frequency?: Record<LvisFrequency, { categories: number; annotations: number }>;
}

export interface CocoResultsSummary {
  format: 'coco-results';
  /** Distinct image ids. */
  images: number;
  results: number;
  /** Distinct category ids. */
  categories: number;
  segmentation: SegmentationCounts;
  /** From `area` where present, else from RLE; polygons without `area` are left out (their image size is unknown). */
  area: NumberStats | null;
  score: Range | null;
  topCategories: CategoryCount[];
}

export interface OwsegResultSummary {
  format: 'owseg-result';
  version: number;
  image: OwsegResult['image'];
  model: OwsegResult['model'] | null;
  task: string | null;
  regions: number;
  named: number;
  unnamed: number;
  area: NumberStats | null;
  score: Range | null;
  /** Region names by count, most first (ties alphabetical), at most {@link TOP_COUNT}. */
  topNames: { name: string; count: number }[];
}

export type FileSummary = InstancesSummary | CocoResultsSummary | OwsegResultSummary;

export function summarize(file: AnnotationFile): FileSummary {
  switch (file.format) {
    case 'coco-instances':
      return summarizeInstances(file.data, 'coco-instances');
    case 'lvis':
      return summarizeLvis(file.data);
    case 'coco-results':
      return summarizeCocoResults(file.data);
    case 'owseg-result':
      return summarizeOwsegResult(file.data);
  }
}

export function summarizeInstances(
  data: CocoInstances | Lvis,
  format: InstancesSummary['format'] = 'coco-instances',
): InstancesSummary {
  const names = new Map(data.categories.map((category) => [category.id, category.name]));
  return {
    format,
    images: data.images.length,
    annotations: data.annotations.length,
    categories: data.categories.length,
    crowd: data.annotations.filter((annotation) => annotation.iscrowd === 1).length,
    segmentation: countKinds(data.annotations.map((annotation) => annotation.segmentation)),
    area: stats(data.annotations.map((annotation) => annotation.area)),
    topCategories: topCategories(data.annotations, names),
  };
}

export function summarizeLvis(data: Lvis): InstancesSummary {
  const frequency = { r: { categories: 0, annotations: 0 }, c: { categories: 0, annotations: 0 }, f: { categories: 0, annotations: 0 } };
  const groupOf = new Map<number, LvisFrequency>();
  for (const category of data.categories) {
    groupOf.set(category.id, category.frequency);
    frequency[category.frequency].categories++;
  }
  for (const annotation of data.annotations) frequency[groupOf.get(annotation.category_id)!].annotations++;
  return { ...summarizeInstances(data, 'lvis'), frequency };
}

export function summarizeCocoResults(results: readonly CocoResult[]): CocoResultsSummary {
  const areas = results.flatMap((result) => {
    if (result.area !== undefined) return [result.area];
    const segmentation = result.segmentation;
    if (Array.isArray(segmentation)) return [];
    if (typeof segmentation.counts === 'string') return [rleArea({ size: segmentation.size, counts: segmentation.counts })];
    return [segmentation.counts.reduce((sum, run, i) => (i % 2 === 1 ? sum + run : sum), 0)];
  });
  return {
    format: 'coco-results',
    images: new Set(results.map((result) => result.image_id)).size,
    results: results.length,
    categories: new Set(results.map((result) => result.category_id)).size,
    segmentation: countKinds(results.map((result) => result.segmentation)),
    area: stats(areas),
    score: range(results.map((result) => result.score)),
    topCategories: topCategories(results, new Map()),
  };
}

export function summarizeOwsegResult(result: OwsegResult): OwsegResultSummary {
  const named = result.regions.filter((region) => region.name !== undefined);
  const nameCounts = new Map<string, number>();
  for (const region of named) nameCounts.set(region.name!, (nameCounts.get(region.name!) ?? 0) + 1);
  const topNames = [...nameCounts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, TOP_COUNT);
  return {
    format: 'owseg-result',
    version: result.version,
    image: result.image,
    model: result.model ?? null,
    task: result.task ?? null,
    regions: result.regions.length,
    named: named.length,
    unnamed: result.regions.length - named.length,
    area: stats(result.regions.map((region) => region.area)),
    score: range(result.regions.flatMap((region) => (region.score === undefined ? [] : [region.score]))),
    topNames,
  };
}

function countKinds(segmentations: readonly Segmentation[]): SegmentationCounts {
  const counts: SegmentationCounts = { polygon: 0, rle: 0, uncompressedRle: 0 };
  for (const segmentation of segmentations) counts[segmentationKind(segmentation)]++;
  return counts;
}

function topCategories(items: readonly { category_id: number }[], names: ReadonlyMap<number, string>): CategoryCount[] {
  const counts = new Map<number, number>();
  for (const item of items) counts.set(item.category_id, (counts.get(item.category_id) ?? 0) + 1);
  return [...counts]
    .map(([id, count]) => ({ id, name: names.get(id) ?? null, count }))
    .sort((a, b) => b.count - a.count || a.id - b.id)
    .slice(0, TOP_COUNT);
}

/** Min, median (mean of the middle two for an even count) and max; null for no values. */
export function stats(values: readonly number[]): NumberStats | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

function range(values: readonly number[]): Range | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { min, max };
}
