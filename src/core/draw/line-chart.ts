/**
 * A small line chart as PNG (an SVG string drawn by librsvg through sharp): training curves such
 * as a head's loss per epoch, with axes, ticks and a legend a person can read at a glance.
 */
import sharp from 'sharp';
import { InvalidInputError } from '../errors.js';
import { escapeXml } from './text.js';

export interface ChartSeries {
  name: string;
  /** y per x = 0, 1, 2 …; non-finite values are left out of the line. */
  values: readonly number[];
  /** CSS colour. */
  color: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** x of a vertical marker (e.g. the epoch kept by early stopping) and its caption. */
  marker?: { x: number; label: string };
}

const FONT = "'DejaVu Sans', Verdana, Arial, sans-serif";

export async function lineChartPng(series: readonly ChartSeries[], options: LineChartOptions): Promise<Uint8Array> {
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  if (all.length === 0) throw new InvalidInputError('series', 'at least one finite value to plot');
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const box = { left: 70, right: width - 20, top: 40, bottom: height - 50 };
  const xMax = Math.max(1, ...series.map((s) => s.values.length - 1));
  let yMin = Math.min(...all);
  let yMax = Math.max(...all);
  if (yMax === yMin) [yMin, yMax] = [yMin - 1, yMax + 1];
  const pad = (yMax - yMin) * 0.05;
  yMin -= pad;
  yMax += pad;
  const px = (x: number) => box.left + (x / xMax) * (box.right - box.left);
  const py = (y: number) => box.bottom - ((y - yMin) / (yMax - yMin)) * (box.bottom - box.top);
  const text = (x: number, y: number, value: string, attrs = '') => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(value)}</text>`;

  const parts: string[] = [`<rect width="${width}" height="${height}" fill="white"/>`];
  for (let i = 0; i <= 4; i++) {
    const y = yMin + ((yMax - yMin) * i) / 4;
    parts.push(`<line x1="${box.left}" y1="${py(y).toFixed(1)}" x2="${box.right}" y2="${py(y).toFixed(1)}" stroke="#e4e4e4"/>`);
    parts.push(text(box.left - 6, py(y) + 4, formatTick(y), 'text-anchor="end" font-size="11"'));
    const x = Math.round((xMax * i) / 4);
    parts.push(text(px(x), box.bottom + 16, String(x), 'text-anchor="middle" font-size="11"'));
  }
  parts.push(`<rect x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}" fill="none" stroke="#444"/>`);
  if (options.marker) {
    const x = px(options.marker.x);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${box.top}" x2="${x.toFixed(1)}" y2="${box.bottom}" stroke="#888" stroke-dasharray="4 3"/>`);
    parts.push(text(x + 4, box.top + 14, options.marker.label, 'font-size="11" fill="#555"'));
  }
  for (const s of series) {
    const points = s.values.flatMap((v, x) => (Number.isFinite(v) ? [`${px(x).toFixed(1)},${py(v).toFixed(1)}`] : []));
    parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  }
  series.forEach((s, i) => {
    const y = box.top + 18 + i * 16;
    parts.push(`<line x1="${box.right - 130}" y1="${y - 4}" x2="${box.right - 110}" y2="${y - 4}" stroke="${s.color}" stroke-width="3"/>`);
    parts.push(text(box.right - 104, y, s.name, 'font-size="12"'));
  });
  parts.push(text(width / 2, 24, options.title, 'text-anchor="middle" font-size="15" font-weight="bold"'));
  parts.push(text((box.left + box.right) / 2, height - 14, options.xLabel, 'text-anchor="middle" font-size="12"'));
  parts.push(text(16, (box.top + box.bottom) / 2, options.yLabel, `text-anchor="middle" font-size="12" transform="rotate(-90 16 ${((box.top + box.bottom) / 2).toFixed(1)})"`));
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${FONT}">${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function formatTick(value: number): string {
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 0.01 || magnitude >= 1e4) ? value.toExponential(1) : value.toFixed(magnitude < 1 ? 3 : 2);
}
