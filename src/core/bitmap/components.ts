/**
 * Connected-component labelling of a mask and per-component area and box: the building block of
 * hole filling, small-region removal, polygon tracing and Segment Anyword's largest region.
 */
import { InvalidInputError } from '../errors.js';
import { assertMask, type Mask } from '../mask.js';
import { checkConnectivity, type Connectivity, type PixelBox } from './args.js';

export interface Components {
  readonly height: number;
  readonly width: number;
  /** Number of components; labels run 1…count. */
  readonly count: number;
  /** Row-major like the mask: 0 for background, else the component label. */
  readonly labels: Int32Array;
}

export interface ComponentStat {
  readonly label: number;
  /** Number of pixels. */
  readonly area: number;
  /** Tight end-exclusive box around the component's pixels. */
  readonly box: PixelBox;
}

/**
 * Labels the foreground components of `mask` under 4- or 8-connectivity, numbered 1…count in
 * raster order of each component's first pixel (the order scipy.ndimage.label uses). Two passes
 * with union-find, so linear time in practice.
 */
export function connectedComponents(mask: Mask, connectivity: Connectivity): Components {
  assertMask(mask);
  checkConnectivity(connectivity, 'connectivity');
  const { height, width, data } = mask;
  const labels = new Int32Array(height * width);
  // A new provisional label needs a background (or missing) left neighbour, so at most
  // ceil(width / 2) per row.
  const parent = new Int32Array(height * Math.ceil(width / 2) + 1);
  let next = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (data[i] === 0) continue;
      let label = x > 0 && data[i - 1] === 1 ? labels[i - 1]! : 0;
      if (y > 0) {
        const up = i - width;
        if (data[up] === 1) {
          label = label === 0 ? labels[up]! : union(parent, label, labels[up]!);
        } else if (connectivity === 8) {
          // With the pixel above in the foreground, both diagonals were already joined to it.
          if (x > 0 && data[up - 1] === 1) label = label === 0 ? labels[up - 1]! : union(parent, label, labels[up - 1]!);
          if (x + 1 < width && data[up + 1] === 1) {
            label = label === 0 ? labels[up + 1]! : union(parent, label, labels[up + 1]!);
          }
        }
      }
      if (label === 0) {
        label = next++;
        parent[label] = label;
      }
      labels[i] = label;
    }
  }
  const final = new Int32Array(next);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === 0) continue;
    const root = find(parent, label);
    if (final[root] === 0) final[root] = ++count;
    labels[i] = final[root]!;
  }
  return { height, width, count, labels };
}

/** Area and tight box of each component, index k describing label k + 1. */
export function componentStats(components: Components): ComponentStat[] {
  checkComponents(components);
  const { width, count, labels } = components;
  const area = new Int32Array(count + 1);
  const x0 = new Int32Array(count + 1).fill(width);
  const y0 = new Int32Array(count + 1).fill(components.height);
  const x1 = new Int32Array(count + 1);
  const y1 = new Int32Array(count + 1);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === 0) continue;
    const x = i % width;
    const y = (i - x) / width;
    area[label]!++;
    if (x < x0[label]!) x0[label] = x;
    if (x + 1 > x1[label]!) x1[label] = x + 1;
    if (y < y0[label]!) y0[label] = y;
    y1[label] = y + 1;
  }
  const stats: ComponentStat[] = [];
  for (let label = 1; label <= count; label++) {
    stats.push({ label, area: area[label]!, box: [x0[label]!, y0[label]!, x1[label]!, y1[label]!] });
  }
  return stats;
}

function checkComponents(value: unknown): asserts value is Components {
  const c = value as Partial<Components> | null;
  if (typeof c !== 'object' || c === null || !(c.labels instanceof Int32Array)) {
    throw new InvalidInputError('components', 'the result of connectedComponents');
  }
  const { height, width, count, labels } = c;
  if (!Number.isInteger(height) || !Number.isInteger(width) || labels.length !== height! * width!) {
    throw new InvalidInputError('components', 'labels of length height × width', `got ${labels.length} for ${height} × ${width}`);
  }
  if (!Number.isInteger(count) || count! < 0 || labels.some((label) => label < 0 || label > count!)) {
    throw new InvalidInputError('components.labels', `labels in 0…count (count = ${count})`);
  }
}

function find(parent: Int32Array, label: number): number {
  while (parent[label] !== label) {
    parent[label] = parent[parent[label]!]!;
    label = parent[label]!;
  }
  return label;
}

/** Joins two sets under the smaller root and returns it. */
function union(parent: Int32Array, a: number, b: number): number {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra < rb) {
    parent[rb] = ra;
    return ra;
  }
  parent[ra] = rb;
  return rb;
}
