/**
 * Each region's mask as two small canvases (fill and edge) in the region's overlay colour, made
 * once per mask and reused on every redraw, plus the mask itself for hit tests and label places.
 */
import { deepestPoint } from '../../../src/core/draw/distance.js';
import { regionColor } from '../../../src/core/draw/palette.js';
import type { OwsegRegion } from '../../../src/core/formats/owseg-result.js';
import type { Mask } from '../../../src/core/mask.js';
import { decode } from '../../../src/core/rle/codec.js';
import type { Rle } from '../../../src/core/rle/types.js';

export interface MaskLayer {
  mask: Mask;
  /** Fill and edge cover only the region's box (x, y): layers of a large photo stay as small as their regions. */
  x: number;
  y: number;
  fill: HTMLCanvasElement;
  edge: HTMLCanvasElement;
  /** Where the region's name goes: its deepest pixel, or nothing for an empty mask. */
  labelAt: readonly [number, number] | undefined;
  color: string;
}

// Keyed by the RLE object: renaming a region keeps its segmentation, so its layer survives.
const layers = new WeakMap<Rle, MaskLayer>();

export function colorOf(region: Pick<OwsegRegion, 'id'>): string {
  const [r, g, b] = regionColor(region.id - 1);
  return `rgb(${r} ${g} ${b})`;
}

export function maskLayer(region: OwsegRegion): MaskLayer {
  let layer = layers.get(region.segmentation);
  if (!layer) {
    const mask = decode(region.segmentation);
    const rgb = regionColor(region.id - 1);
    const [x, y, width, height] = region.bbox;
    const box = { x, y, width: Math.max(1, width), height: Math.max(1, height) };
    layer = { mask, x, y, fill: paint(mask, box, rgb, () => true), edge: paint(mask, box, rgb, isEdge), labelAt: deepestPoint(mask), color: colorOf(region) };
    layers.set(region.segmentation, layer);
  }
  return layer;
}

/** The smallest region covering pixel (x, y): with nested regions, the one the user most likely means. */
export function regionAt(regions: readonly OwsegRegion[], x: number, y: number): OwsegRegion | undefined {
  let hit: OwsegRegion | undefined;
  for (const region of regions) {
    const { mask } = maskLayer(region);
    if (x < 0 || y < 0 || x >= mask.width || y >= mask.height || !mask.data[y * mask.width + x]) continue;
    if (!hit || region.area < hit.area) hit = region;
  }
  return hit;
}

function isEdge(mask: Mask, x: number, y: number): boolean {
  const { width, height, data } = mask;
  return x === 0 || y === 0 || x === width - 1 || y === height - 1 || !data[i(x - 1, y)] || !data[i(x + 1, y)] || !data[i(x, y - 1)] || !data[i(x, y + 1)];
  function i(px: number, py: number): number {
    return py * width + px;
  }
}

/** The mask pixels inside `box` that `keep` accepts, in the region's colour, on a canvas the size of the box. */
function paint(mask: Mask, box: { x: number; y: number; width: number; height: number }, [r, g, b]: readonly [number, number, number], keep: (mask: Mask, x: number, y: number) => boolean): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = box.width;
  canvas.height = box.height;
  const pixels = new ImageData(box.width, box.height);
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      if (!mask.data[y * mask.width + x] || !keep(mask, x, y)) continue;
      pixels.data.set([r, g, b, 255], ((y - box.y) * box.width + (x - box.x)) * 4);
    }
  }
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return canvas;
}
