/**
 * Merging of neighbouring stuff segments that name the same thing: dense assembly often splits one
 * sky or one lawn into several SAM masks, and panoptic stuff has one segment per class and region.
 */
import { InvalidInputError } from '../../core/errors.js';
import { checkNamedIdMap, measureSegments, type DensePanoptic, type DenseSegment } from './dense-map.js';

/** Whether two free-form names mean the same (exact equality after clean-up, or embeddings close enough). */
export type SameMeaning = (nameA: string, nameB: string) => boolean;

export interface MergedPanoptic extends DensePanoptic {
  /** `newIdOf[oldId]` is the id the input segment's pixels carry now (index 0, void, stays 0). */
  newIdOf: Int32Array;
}

/**
 * Joins two STUFF segments when they touch (a pixel of one has a 4-neighbour in the other) and
 * `sameMeaning(name of the lower id, name of the higher id)` is true, asked once per touching pair.
 * Joins are transitive (union-find): a chain of pairwise-alike neighbours becomes one segment even
 * if its two ends would not match. Things are never merged, with anything.
 *
 * A merged segment keeps the name and sourceIndex of its largest member (equal areas: lower id,
 * i.e. the member that ranked first in assembly). Ids are renumbered 1…K' in the order of each
 * group's lowest old id, so the assembly order is kept; areas and boxes are measured again.
 */
export function mergeStuff(map: DensePanoptic, sameMeaning: SameMeaning): MergedPanoptic {
  const measured = checkNamedIdMap(map, 'map');
  map.segments.forEach((segment, i) => {
    if (!Number.isInteger(segment.sourceIndex) || segment.sourceIndex < 0) {
      throw new InvalidInputError(`map.segments[${i}].sourceIndex`, 'an integer ≥ 0', `got ${String(segment.sourceIndex)}`);
    }
  });
  if (typeof sameMeaning !== 'function') throw new InvalidInputError('sameMeaning', 'a function (nameA, nameB) => boolean');

  const byId = new Map(map.segments.map((segment) => [segment.id, segment]));
  const parent = new Map(map.segments.map((segment) => [segment.id, segment.id]));
  for (const [a, b] of touchingStuffPairs(map, byId)) {
    const same = sameMeaning(byId.get(a)!.name, byId.get(b)!.name);
    if (typeof same !== 'boolean') {
      throw new InvalidInputError('sameMeaning', 'a function returning true or false', `got ${String(same)} for ids ${a} and ${b}`);
    }
    if (same) union(parent, a, b);
  }

  // Visiting by id puts each group in the map at its lowest id, and its members in id order.
  const groups = new Map<number, DenseSegment[]>();
  for (const segment of [...map.segments].sort((s, t) => s.id - t.id)) {
    const root = find(parent, segment.id);
    const members = groups.get(root);
    if (members) members.push(segment);
    else groups.set(root, [segment]);
  }
  const areaOf = (segment: DenseSegment) => measured.get(segment.id)!.area;
  const newIdOf = new Int32Array(map.segments.reduce((max, segment) => Math.max(max, segment.id), 0) + 1);
  const representatives: DenseSegment[] = [];
  for (const members of groups.values()) {
    representatives.push(members.reduce((best, member) => (areaOf(member) > areaOf(best) ? member : best)));
    for (const member of members) newIdOf[member.id] = representatives.length;
  }

  const ids = map.ids.map((id) => newIdOf[id]!);
  const stats = measureSegments(ids, map.width, 'ids');
  const segments = representatives.map((segment, k): DenseSegment => {
    const { area, bbox } = stats.get(k + 1)!;
    return { id: k + 1, sourceIndex: segment.sourceIndex, name: segment.name, isthing: segment.isthing, area, bbox };
  });
  return { height: map.height, width: map.width, ids, segments, newIdOf };
}

/** Every unordered pair [lower id, higher id] of stuff segments that share a pixel edge, in first-seen order. */
function touchingStuffPairs(map: DensePanoptic, byId: ReadonlyMap<number, DenseSegment>): [number, number][] {
  const { ids, width, height } = map;
  const isStuff = (id: number) => id !== 0 && !byId.get(id)!.isthing;
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const visit = (a: number, b: number) => {
    if (a === b || !isStuff(a) || !isStuff(b)) return;
    const pair: [number, number] = a < b ? [a, b] : [b, a];
    const key = `${pair[0]},${pair[1]}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push(pair);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + 1 < width) visit(ids[i]!, ids[i + 1]!);
      if (y + 1 < height) visit(ids[i]!, ids[i + width]!);
    }
  }
  return pairs;
}

function find(parent: Map<number, number>, id: number): number {
  let root = id;
  while (parent.get(root) !== root) root = parent.get(root)!;
  parent.set(id, root);
  return root;
}

/** Joins under the lower root, so a group's root is its lowest id. */
function union(parent: Map<number, number>, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra < rb) parent.set(rb, ra);
  else parent.set(ra, rb);
}
