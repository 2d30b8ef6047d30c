/**
 * A coarse map of values in [0, 1] (a word's attention over the image) drawn over the picture:
 * bilinearly upsampled to the image, coloured from dark blue to yellow, blended in.
 */
import { InvalidInputError } from '../errors.js';
import { encodePng } from '../image/save.js';
import { resizePlanes } from '../image/resize.js';
import { assertRgbImage, type RgbImage } from '../image/rgb-image.js';

export interface HeatMap {
  readonly width: number;
  readonly height: number;
  /** Row-major values, 0 (cold) to 1 (hot). */
  readonly data: Float32Array;
}

/** Stops of the colour scale (viridis' ends and middle), value → [r, g, b]. */
const STOPS: [number, [number, number, number]][] = [
  [0, [68, 1, 84]],
  [0.25, [59, 82, 139]],
  [0.5, [33, 145, 140]],
  [0.75, [94, 201, 98]],
  [1, [253, 231, 37]],
];

/** The map over a copy of `image`: colour blended with `alpha` (default 0.6) everywhere. */
export function heatMapOverlay(image: RgbImage, map: HeatMap, alpha = 0.6): RgbImage {
  assertRgbImage(image);
  if (!Number.isInteger(map.width) || !Number.isInteger(map.height) || map.width < 1 || map.height < 1 || map.data.length !== map.width * map.height) {
    throw new InvalidInputError('map', 'a { width, height, data } grid with width × height values');
  }
  if (!(alpha >= 0 && alpha <= 1)) throw new InvalidInputError('alpha', 'a number from 0 to 1', `got ${alpha}`);
  const out = { width: image.width, height: image.height, data: image.data.slice() };
  const values = resizePlanes(Float32Array.from(map.data), 1, map.height, map.width, image.height, image.width, { filter: 'bilinear', convention: 'torch' });
  for (let p = 0; p < values.length; p++) {
    const color = colorOf(Math.min(1, Math.max(0, values[p]!)));
    for (let c = 0; c < 3; c++) out.data[p * 3 + c] = Math.round(out.data[p * 3 + c]! * (1 - alpha) + color[c]! * alpha);
  }
  return out;
}

export async function renderHeatMapPng(image: RgbImage, map: HeatMap, alpha?: number): Promise<Buffer> {
  return encodePng(heatMapOverlay(image, map, alpha));
}

function colorOf(value: number): [number, number, number] {
  for (let k = 1; k < STOPS.length; k++) {
    const [to, high] = STOPS[k]!;
    if (value > to && k < STOPS.length - 1) continue;
    const [from, low] = STOPS[k - 1]!;
    const t = (value - from) / (to - from);
    return [0, 1, 2].map((c) => low[c]! + (high[c]! - low[c]!) * t) as [number, number, number];
  }
  return STOPS.at(-1)![1];
}
