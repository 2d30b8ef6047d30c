/**
 * What the user edits: the regions of one image and the prompt being drawn. Every edit is a pure
 * function returning a new document, so undo is keeping the old one.
 */
import { regionFromMask, type OwsegRegion } from '../../../src/core/formats/owseg-result.js';
import type { Mask } from '../../../src/core/mask.js';
import { area, merge, toBbox } from '../../../src/core/rle/index.js';

export type Point = readonly [number, number];
export type Box = readonly [number, number, number, number];

/** The clicks and box of the region being drawn; it lives in the document so undo takes back one click. */
export interface Prompt {
  regionId: number;
  points: readonly Point[];
  /** One per point: 1 positive, 0 negative. */
  labels: readonly number[];
  box?: Box;
}

export interface Doc {
  regions: readonly OwsegRegion[];
  prompt: Prompt | null;
  nextId: number;
}

export const emptyDoc: Doc = { regions: [], prompt: null, nextId: 1 };

/** A server result's regions as the whole document (segment everything), numbered from 1. */
export function withRegions(regions: readonly OwsegRegion[]): Doc {
  return { regions: regions.map((r, i) => ({ ...r, id: i + 1 })), prompt: null, nextId: regions.length + 1 };
}

/** Adds regions (e.g. grounded phrases) after the existing ones, with fresh ids. */
export function addRegions(doc: Doc, regions: readonly OwsegRegion[]): Doc {
  return { ...doc, regions: [...doc.regions, ...regions.map((r, i) => ({ ...r, id: doc.nextId + i }))], nextId: doc.nextId + regions.length };
}

/** The prompt's decoded mask stored as its region (created on the first click, replaced on the next). */
export function withPromptMask(doc: Doc, prompt: Prompt, mask: Mask, score: number): Doc {
  const previous = doc.regions.find((r) => r.id === prompt.regionId);
  const region = regionFromMask(prompt.regionId, mask, {
    ...(previous?.name !== undefined ? { name: previous.name } : {}),
    predictedIou: score,
    extra: { prompt: { points: prompt.points, labels: prompt.labels, ...(prompt.box ? { box: prompt.box } : {}) } },
  });
  const regions = previous ? doc.regions.map((r) => (r === previous ? region : r)) : [...doc.regions, region];
  return { regions, prompt, nextId: Math.max(doc.nextId, prompt.regionId + 1) };
}

/** The prompt for a new region, or the current one extended. */
export function extendPrompt(doc: Doc, change: { point: Point; label: number } | { box: Box }): Prompt {
  const current = doc.prompt ?? { regionId: doc.nextId, points: [], labels: [] };
  if ('box' in change) return { ...current, box: change.box };
  return { ...current, points: [...current.points, change.point], labels: [...current.labels, change.label] };
}

export function finishPrompt(doc: Doc): Doc {
  return doc.prompt ? { ...doc, prompt: null } : doc;
}

export function rename(doc: Doc, id: number, name: string): Doc {
  const trimmed = name.trim();
  return {
    ...doc,
    regions: doc.regions.map((r) => {
      if (r.id !== id) return r;
      if (trimmed) return { ...r, name: trimmed };
      const unnamed = { ...r };
      delete unnamed.name;
      return unnamed;
    }),
  };
}

/** Names from a naming answer, in the order of `ids`. */
export function withNames(doc: Doc, ids: readonly number[], names: readonly (string | undefined)[]): Doc {
  const byId = new Map(ids.map((id, i) => [id, names[i]]));
  return { ...doc, regions: doc.regions.map((r) => (byId.get(r.id) ? { ...r, name: byId.get(r.id)! } : r)) };
}

export function remove(doc: Doc, ids: ReadonlySet<number>): Doc {
  const prompt = doc.prompt && ids.has(doc.prompt.regionId) ? null : doc.prompt;
  return { ...doc, regions: doc.regions.filter((r) => !ids.has(r.id)), prompt };
}

/** The union of the regions as one, in the place and with the id and name of the first of them. */
export function mergeRegions(doc: Doc, ids: ReadonlySet<number>): Doc {
  const parts = doc.regions.filter((r) => ids.has(r.id));
  if (parts.length < 2) return doc;
  const segmentation = merge(parts.map((r) => r.segmentation));
  const name = parts.find((r) => r.name)?.name;
  const merged: OwsegRegion = { id: parts[0]!.id, segmentation, bbox: toBbox(segmentation), area: area(segmentation), ...(name ? { name } : {}) };
  const regions = doc.regions.filter((r) => r === parts[0] || !ids.has(r.id)).map((r) => (r === parts[0] ? merged : r));
  return { ...doc, regions, prompt: null };
}
