/**
 * Segmentation overlays for people to look at: translucent region fills, solid outlines and
 * readable labels over an RgbImage, with every input checked and named when wrong.
 */
import { InvalidInputError } from '../errors.js';
import { encodePng } from '../image/save.js';
import { assertRgbImage, type RgbImage } from '../image/rgb-image.js';
import { assertMask, type Mask } from '../mask.js';
import { chamferDistance, deepestPixel, maskBox, STEP, type Box } from './distance.js';
import { drawLabels, type LabelRequest } from './labels.js';
import { regionColor, type Rgb } from './palette.js';

export interface OverlayRegion {
  /** Same height and width as the image. */
  readonly mask: Mask;
  /** Drawn when `labels` is on; blank labels are skipped. */
  readonly label?: string;
  /** 0–255 each; defaults to {@link regionColor} of the region's index. */
  readonly color?: Rgb;
  /** Prompt points to mark (image pixels): positives as discs in the region's colour, negatives dark red with a bar. */
  readonly points?: readonly OverlayPoint[];
}

export interface OverlayPoint {
  readonly x: number;
  readonly y: number;
  readonly positive: boolean;
}

export interface OverlayOptions {
  /** Opacity of the fill colour inside each mask, 0–1 (default 0.5). */
  alpha?: number;
  /** Draw each mask's boundary in its solid colour (default true). */
  outline?: boolean;
  /** Draw the regions' labels (default true). */
  labels?: boolean;
  /** Outline thickness in pixels, measured inward from the boundary (default: shorter image side / 320, at least 1). */
  outlineWidth?: number;
  /** Label text size in pixels (default: shorter image side / 28, between 10 and 64: 17 px at 640×480). */
  fontSize?: number;
}

/**
 * Draws the regions over a copy of `image` and returns it; the input is not modified.
 *
 * Layers, bottom to top: each region's fill (colour blended with `alpha`, in region order, so later
 * regions tint over earlier ones); each region's outline (mask pixels within `outlineWidth` of
 * the background or the image border, in solid colour); each label in a dark rounded box centred on
 * the pixel deepest inside its mask (the widest part of its largest blob), moved off earlier labels
 * where possible and clamped inside the image (text too wide for the image is cut with "…"; only an
 * image too small for one character and the ellipsis clips the box).
 * Pixels outside every mask, outline and label box keep their exact values. Regions with empty masks
 * draw nothing. Fonts come from the system (DejaVu Sans preferred); scripts it lacks show as boxes.
 */
export async function drawOverlay(image: RgbImage, regions: readonly OverlayRegion[], options: OverlayOptions = {}): Promise<RgbImage> {
  assertRgbImage(image);
  const settings = checkOptions(options, image);
  const colors = checkRegions(regions, image);
  const canvas = { width: image.width, height: image.height, data: image.data.slice() };

  const boxes = regions.map((r) => maskBox(r.mask));
  regions.forEach((r, i) => {
    if (boxes[i]) fill(canvas, r.mask, boxes[i], colors[i]!, settings.alpha);
  });

  const wantLabel = (r: OverlayRegion) => settings.labels && r.label !== undefined && r.label.trim() !== '';
  const distances = regions.map((r, i) => (boxes[i] && (settings.outline || wantLabel(r)) ? chamferDistance(r.mask, boxes[i]) : undefined));
  if (settings.outline) {
    regions.forEach((_, i) => {
      if (boxes[i]) outline(canvas, boxes[i], distances[i]!, colors[i]!, settings.outlineWidth);
    });
  }

  const radius = Math.max(3, Math.round(Math.min(image.width, image.height) / 110));
  regions.forEach((r, i) => {
    for (const point of r.points ?? []) marker(canvas, point, radius, point.positive ? colors[i]! : NEGATIVE);
  });

  const requests: LabelRequest[] = [];
  regions.forEach((r, i) => {
    if (wantLabel(r) && boxes[i]) requests.push({ text: r.label!, color: colors[i]!, anchor: deepestPixel(distances[i]!, boxes[i]) });
  });
  await drawLabels(canvas, requests, settings.fontSize);
  return canvas;
}

/** {@link drawOverlay}, encoded as PNG. */
export async function renderOverlayPng(image: RgbImage, regions: readonly OverlayRegion[], options: OverlayOptions = {}): Promise<Buffer> {
  return encodePng(await drawOverlay(image, regions, options));
}

const NEGATIVE: Rgb = [190, 20, 30];
const WHITE: Rgb = [255, 255, 255];

/** A disc of `color` with a white rim; a negative point also gets a white bar across. */
function marker(canvas: RgbImage, point: OverlayPoint, radius: number, color: Rgb): void {
  const cx = Math.round(point.x - 0.5);
  const cy = Math.round(point.y - 0.5);
  for (let dy = -radius - 1; dy <= radius + 1; dy++) {
    for (let dx = -radius - 1; dx <= radius + 1; dx++) {
      const x = cx + dx;
      const y = cy + dy;
      if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) continue;
      const d = Math.hypot(dx, dy);
      if (d > radius + 1) continue;
      const bar = !point.positive && Math.abs(dy) <= Math.max(0, Math.floor(radius / 4)) && Math.abs(dx) < radius - 1;
      canvas.data.set(d > radius - 1 || bar ? WHITE : color, (y * canvas.width + x) * 3);
    }
  }
}

function fill(canvas: RgbImage, mask: Mask, box: Box, color: Rgb, alpha: number): void {
  // A table per channel of round(v + (colour − v) × alpha) for every byte v replaces per-pixel arithmetic.
  const table = new Uint8Array(768);
  for (let c = 0; c < 3; c++) {
    for (let v = 0; v < 256; v++) table[c * 256 + v] = Math.round(v + (color[c]! - v) * alpha);
  }
  const out = canvas.data;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0, m = y * mask.width + x; x < box.x1; x++, m++) {
      if (!mask.data[m]) continue;
      const i = m * 3;
      out[i] = table[out[i]!]!;
      out[i + 1] = table[256 + out[i + 1]!]!;
      out[i + 2] = table[512 + out[i + 2]!]!;
    }
  }
}

/** Paints mask pixels whose chamfer distance to the background is at most `width` steps: a band of that many pixels inside the boundary. */
function outline(canvas: RgbImage, box: Box, distance: Int32Array, color: Rgb, width: number): void {
  const w = box.x1 - box.x0;
  const limit = width * STEP;
  for (let i = 0; i < distance.length; i++) {
    const d = distance[i]!;
    if (d === 0 || d > limit) continue;
    const x = box.x0 + (i % w);
    const y = box.y0 + Math.floor(i / w);
    canvas.data.set(color, (y * canvas.width + x) * 3);
  }
}

function checkOptions(options: OverlayOptions, image: RgbImage): Required<OverlayOptions> {
  const shorter = Math.min(image.width, image.height);
  const settings = {
    alpha: options.alpha ?? 0.5,
    outline: options.outline ?? true,
    labels: options.labels ?? true,
    outlineWidth: options.outlineWidth ?? Math.max(1, Math.round(shorter / 320)),
    fontSize: options.fontSize ?? Math.min(64, Math.max(10, Math.round(shorter / 28))),
  };
  if (typeof settings.alpha !== 'number' || !(settings.alpha >= 0 && settings.alpha <= 1)) {
    throw new InvalidInputError('options.alpha', 'a number from 0 to 1', `got ${String(settings.alpha)}`);
  }
  if (!Number.isInteger(settings.outlineWidth) || settings.outlineWidth < 1) {
    throw new InvalidInputError('options.outlineWidth', 'a positive integer', `got ${String(settings.outlineWidth)}`);
  }
  if (typeof settings.fontSize !== 'number' || !(settings.fontSize >= 4 && settings.fontSize <= 512)) {
    throw new InvalidInputError('options.fontSize', 'a number of pixels from 4 to 512', `got ${String(settings.fontSize)}`);
  }
  return settings;
}

/** Validates every region against the image and returns each region's colour. */
function checkRegions(regions: readonly OverlayRegion[], image: RgbImage): Rgb[] {
  if (!Array.isArray(regions)) throw new InvalidInputError('regions', 'an array of { mask, label?, color? }');
  return regions.map((region, i) => {
    const field = `regions[${i}]`;
    if (typeof region !== 'object' || region === null) throw new InvalidInputError(field, 'an object { mask, label?, color? }');
    assertMask(region.mask, `${field}.mask`);
    if (region.mask.width !== image.width || region.mask.height !== image.height) {
      throw new InvalidInputError(
        `${field}.mask`,
        `the image's size ${image.width}×${image.height} (width × height)`,
        `got ${region.mask.width}×${region.mask.height}`,
      );
    }
    if (region.label !== undefined && typeof region.label !== 'string') {
      throw new InvalidInputError(`${field}.label`, 'a string', `got ${typeof region.label}`);
    }
    (region.points ?? []).forEach((p: OverlayPoint, k: number) => {
      if (typeof p !== 'object' || p === null || !Number.isFinite(p.x) || !Number.isFinite(p.y) || typeof p.positive !== 'boolean') {
        throw new InvalidInputError(`${field}.points[${k}]`, '{ x, y, positive } with finite numbers and a boolean');
      }
    });
    if (region.color === undefined) return regionColor(i);
    const c = region.color as unknown;
    if (!Array.isArray(c) || c.length !== 3 || !c.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      throw new InvalidInputError(`${field}.color`, 'three integers [r, g, b] from 0 to 255', `got ${JSON.stringify(c)}`);
    }
    return c as unknown as Rgb;
  });
}
