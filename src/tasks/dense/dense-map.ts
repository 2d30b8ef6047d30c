/**
 * The dense panoptic map every step after assembly shares (segment ids per pixel plus what each
 * segment is), its consistency check, and per-segment area and box measured from the pixels.
 */
import { InvalidInputError } from '../../core/errors.js';

/** `[x, y, width, height]` of the tight pixel box, as COCO writes boxes. */
export type XywhBox = [x: number, y: number, width: number, height: number];

export interface DenseSegment {
  /** The id its pixels carry in `ids`, 1…K. */
  id: number;
  /** Index of the input segment (candidate) it comes from; after merging, the member whose name was kept. */
  sourceIndex: number;
  name: string;
  isthing: boolean;
  /** Pixels carrying `id`. */
  area: number;
  bbox: XywhBox;
}

export interface DensePanoptic {
  height: number;
  width: number;
  /** Row-major segment ids, 0 = void. */
  ids: Int32Array;
  /** In id order. */
  segments: DenseSegment[];
}

/** What the writers need of a map: ids and each segment's id, name and kind. */
export interface NamedIdMap {
  height: number;
  width: number;
  ids: Int32Array;
  /** `categoryId` pins the category a segment is written under (a closed vocabulary's id); without it, names become categories. */
  segments: readonly (Pick<DenseSegment, 'id' | 'name' | 'isthing'> & { categoryId?: number })[];
}

/** COCO panoptic PNGs hold ids in three bytes. */
export const MAX_SEGMENT_ID = 256 ** 3 - 1;

export interface SegmentStat {
  area: number;
  bbox: XywhBox;
}

/**
 * Checks that `map` is a consistent id map — sizes, ids in 0…MAX_SEGMENT_ID, each segment id listed
 * once with at least one pixel, every non-void pixel id listed — and returns each id's area and box.
 */
export function checkNamedIdMap(map: NamedIdMap, field: string): Map<number, SegmentStat> {
  if (typeof map !== 'object' || map === null) throw new InvalidInputError(field, 'an object { height, width, ids, segments }');
  const { height, width, ids, segments } = map;
  for (const [key, value] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidInputError(`${field}.${key}`, 'a positive integer', `got ${String(value)}`);
  }
  if (!(ids instanceof Int32Array) || ids.length !== height * width) {
    throw new InvalidInputError(`${field}.ids`, `an Int32Array of length ${height * width} (height × width)`);
  }
  if (!Array.isArray(segments)) throw new InvalidInputError(`${field}.segments`, 'an array');
  const stats = measureSegments(ids, width, `${field}.ids`);
  const listed = new Set<number>();
  segments.forEach((segment, i) => {
    const at = `${field}.segments[${i}]`;
    if (typeof segment !== 'object' || segment === null) throw new InvalidInputError(at, 'an object { id, name, isthing }');
    if (!Number.isInteger(segment.id) || segment.id < 1 || segment.id > MAX_SEGMENT_ID) {
      throw new InvalidInputError(`${at}.id`, `an integer in 1…${MAX_SEGMENT_ID}`, `got ${String(segment.id)}`);
    }
    if (listed.has(segment.id)) throw new InvalidInputError(`${at}.id`, 'an id listed once', `${segment.id} is repeated`);
    if (!stats.has(segment.id)) throw new InvalidInputError(`${at}.id`, 'an id some pixel carries', `no pixel has id ${segment.id}`);
    listed.add(segment.id);
    checkName(segment.name, `${at}.name`);
    if (typeof segment.isthing !== 'boolean') throw new InvalidInputError(`${at}.isthing`, 'true or false', `got ${String(segment.isthing)}`);
  });
  for (const id of stats.keys()) {
    if (!listed.has(id)) throw new InvalidInputError(`${field}.segments`, `an entry for every id in ids`, `id ${id} has pixels but no entry`);
  }
  return stats;
}

export function checkName(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInputError(field, 'a non-empty name', `got ${JSON.stringify(value) ?? String(value)}`);
  }
}

/** Area and tight box of every non-void id in `ids`; refuses ids outside 0…MAX_SEGMENT_ID. */
export function measureSegments(ids: Int32Array, width: number, field: string): Map<number, SegmentStat> {
  const boxes = new Map<number, { area: number; x0: number; y0: number; x1: number; y1: number }>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === 0) continue;
    const x = i % width;
    const y = (i - x) / width;
    if (id < 0 || id > MAX_SEGMENT_ID) {
      throw new InvalidInputError(field, `ids in 0…${MAX_SEGMENT_ID}`, `got ${id} at x=${x}, y=${y}`);
    }
    const box = boxes.get(id);
    if (!box) {
      boxes.set(id, { area: 1, x0: x, y0: y, x1: x, y1: y });
      continue;
    }
    box.area++;
    box.x0 = Math.min(box.x0, x);
    box.x1 = Math.max(box.x1, x);
    box.y1 = y;
  }
  const stats = new Map<number, SegmentStat>();
  for (const [id, b] of boxes) stats.set(id, { area: b.area, bbox: [b.x0, b.y0, b.x1 - b.x0 + 1, b.y1 - b.y0 + 1] });
  return stats;
}
