/**
 * Label text rasterised by librsvg (through sharp) from a one-line SVG: a coverage mask the
 * overlay blends itself, so any Unicode label renders with a real font and correct shaping.
 */
import sharp from 'sharp';

/** Coverage (0–255) of white text on a transparent line box; width is the inked extent, height the font's line box. */
export interface TextRaster {
  readonly width: number;
  readonly height: number;
  readonly coverage: Uint8Array;
}

/** DejaVu Sans is installed with most Linux distributions; the rest are fallbacks fontconfig may find elsewhere. */
const FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif";

/**
 * Escapes text for an SVG text node: the five XML specials become entities, and characters XML 1.0
 * forbids (C0 controls, lone surrogates, U+FFFE/U+FFFF) become spaces, since librsvg rejects the
 * whole document otherwise.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '&') out += '&amp;';
    else if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '"') out += '&quot;';
    else if (char === "'") out += '&apos;';
    else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) out += ' ';
    else out += char;
  }
  return out;
}

/** Line box height for a font size: DejaVu's ascent (0.93 em) and descent (0.24 em) with a little air. */
export function lineHeight(fontSize: number): number {
  return Math.ceil(fontSize * 1.3);
}

/** Renders one line of bold text at `fontSize` pixels and crops it horizontally to the ink. An all-blank label has width 0. */
export async function renderText(text: string, fontSize: number): Promise<TextRaster> {
  const height = lineHeight(fontSize);
  const margin = Math.ceil(fontSize / 2);
  // Wide enough for any glyph run: CJK and emoji advance about 1 em, Latin about 0.6 em.
  const canvas = Math.ceil(Array.from(text).length * fontSize * 1.2) + 2 * margin;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas}" height="${height}">` +
    `<text x="${margin}" y="${Math.round(fontSize * 1.02)}" font-family="${FONT_FAMILY}" font-size="${fontSize}" font-weight="bold" fill="#fff">` +
    `${escapeXml(text)}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  let left = info.width;
  let right = -1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[y * info.width + x]! > 0) {
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  const width = Math.max(0, right - left + 1);
  const coverage = new Uint8Array(width * info.height);
  for (let y = 0; y < info.height; y++) {
    coverage.set(data.subarray(y * info.width + left, y * info.width + left + width), y * width);
  }
  return { width, height: info.height, coverage };
}
