/**
 * Region labels on overlays: light bold text with a colour swatch on a dark rounded box, placed on
 * the region's anchor, nudged off earlier labels, truncated with "…" and kept inside the image.
 */
import type { Rgb } from './palette.js';
import { renderText, type TextRaster } from './text.js';

/** A mutable RGB canvas (interleaved, row-major) that labels are painted onto. */
export interface Canvas {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface LabelRequest {
  readonly text: string;
  readonly color: Rgb;
  /** Pixel the box is centred on (before nudging and clamping). */
  readonly anchor: { readonly x: number; readonly y: number };
}

/** A label box as placed on the canvas, in pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const BOX_COLOR: Rgb = [20, 20, 20];
const BOX_OPACITY = 0.82;
const TEXT_COLOR: Rgb = [255, 255, 255];
const SWATCH_BORDER: Rgb = [235, 235, 235];

/** Spacing derived from the font size, so labels scale as one piece. */
function metrics(fontSize: number) {
  return {
    padX: Math.max(2, Math.round(fontSize * 0.4)),
    padY: Math.max(1, Math.round(fontSize * 0.12)),
    swatch: Math.max(3, Math.round(fontSize * 0.7)),
    gap: Math.max(2, Math.round(fontSize * 0.35)),
    radius: Math.round(fontSize * 0.35),
  };
}

/**
 * Paints every label onto `canvas`, in order (later labels are nudged away from earlier ones), and
 * returns the boxes drawn. Blank labels are skipped. Text is rasterised in parallel; placement is sequential.
 */
export async function drawLabels(canvas: Canvas, requests: readonly LabelRequest[], fontSize: number): Promise<Rect[]> {
  const m = metrics(fontSize);
  const maxTextWidth = canvas.width - (2 * m.padX + m.swatch + m.gap);
  const rasters = await Promise.all(requests.map((r) => fittedText(r.text.trim(), fontSize, maxTextWidth)));
  const placed: Rect[] = [];
  requests.forEach((request, i) => {
    const text = rasters[i]!;
    if (text.width === 0) return;
    const w = 2 * m.padX + m.swatch + m.gap + text.width;
    const h = text.height + 2 * m.padY;
    const rect = place(canvas, request.anchor, w, h, placed);
    placed.push(rect);
    fillRoundedRect(canvas, rect, m.radius, BOX_COLOR, BOX_OPACITY);
    const sy = rect.y + Math.round((h - m.swatch) / 2);
    fillRect(canvas, { x: rect.x + m.padX, y: sy, w: m.swatch, h: m.swatch }, SWATCH_BORDER);
    fillRect(canvas, { x: rect.x + m.padX + 1, y: sy + 1, w: m.swatch - 2, h: m.swatch - 2 }, request.color);
    blendCoverage(canvas, text, rect.x + m.padX + m.swatch + m.gap, rect.y + m.padY, TEXT_COLOR);
  });
  return placed;
}

/** Renders the text, cutting characters and appending "…" until it fits `maxWidth` (one character and the ellipsis at least). */
async function fittedText(text: string, fontSize: number, maxWidth: number): Promise<TextRaster> {
  let raster = await renderText(text, fontSize);
  const chars = Array.from(text);
  let keep = chars.length;
  while (raster.width > maxWidth && keep > 1) {
    keep = Math.max(1, Math.min(keep - 1, Math.floor((keep * maxWidth) / raster.width)));
    raster = await renderText(`${chars.slice(0, keep).join('').trimEnd()}…`, fontSize);
  }
  return raster;
}

/**
 * Centres the box on the anchor, then tries shifting it by whole box heights (below, above, further)
 * until it overlaps no earlier label; every candidate is clamped inside the canvas. If all overlap,
 * the centred position is used.
 */
function place(canvas: Canvas, anchor: { x: number; y: number }, w: number, h: number, placed: readonly Rect[]): Rect {
  const clampRect = (dy: number): Rect => ({
    x: clamp(Math.round(anchor.x + 0.5 - w / 2), 0, Math.max(0, canvas.width - w)),
    y: clamp(Math.round(anchor.y + 0.5 - h / 2) + dy, 0, Math.max(0, canvas.height - h)),
    w,
    h,
  });
  for (const k of [0, 1, -1, 2, -2, 3, -3]) {
    const rect = clampRect(k * (h + 2));
    if (!placed.some((p) => overlaps(p, rect))) return rect;
  }
  return clampRect(0);
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w + 1 && b.x < a.x + a.w + 1 && a.y < b.y + b.h + 1 && b.y < a.y + a.h + 1;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function blendPixel(canvas: Canvas, x: number, y: number, color: Rgb, opacity: number): void {
  if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height || opacity <= 0) return;
  const i = (y * canvas.width + x) * 3;
  for (let c = 0; c < 3; c++) {
    canvas.data[i + c] = Math.round(canvas.data[i + c]! + (color[c]! - canvas.data[i + c]!) * opacity);
  }
}

function fillRect(canvas: Canvas, r: Rect, color: Rgb): void {
  for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) blendPixel(canvas, x, y, color, 1);
}

/** A rectangle with circular corners of `radius`, antialiased by the distance of each pixel centre to the corner arc. */
function fillRoundedRect(canvas: Canvas, r: Rect, radius: number, color: Rgb, opacity: number): void {
  const rad = Math.min(radius, r.w / 2, r.h / 2);
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const dx = px - clamp(px, r.x + rad, r.x + r.w - rad);
      const dy = py - clamp(py, r.y + rad, r.y + r.h - rad);
      const distance = Math.hypot(dx, dy);
      const inside = distance === 0 ? 1 : clamp(rad + 0.5 - distance, 0, 1);
      blendPixel(canvas, x, y, color, opacity * inside);
    }
  }
}

function blendCoverage(canvas: Canvas, text: TextRaster, left: number, top: number, color: Rgb): void {
  for (let y = 0; y < text.height; y++) {
    for (let x = 0; x < text.width; x++) {
      blendPixel(canvas, left + x, top + y, color, text.coverage[y * text.width + x]! / 255);
    }
  }
}
