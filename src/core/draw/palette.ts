/**
 * The default region colours of overlays: fixed, so the same region order always gets the same
 * colours, and chosen to stay distinguishable from each other and over photographs.
 */

export type Rgb = readonly [number, number, number];

/**
 * Eighteen saturated colours from Sasha Trubetskoy's "20 distinct colours" (greys, black and white
 * left out, since they vanish over photos), ordered so neighbouring indices contrast strongly:
 * red, green, blue, yellow, orange, purple, cyan, magenta, lime, teal, brown, lavender, maroon,
 * mint, olive, pink, navy, apricot.
 */
export const PALETTE: readonly Rgb[] = [
  [230, 25, 75],
  [60, 180, 75],
  [67, 99, 216],
  [255, 225, 25],
  [245, 130, 49],
  [145, 30, 180],
  [66, 212, 244],
  [240, 50, 230],
  [191, 239, 69],
  [70, 153, 144],
  [154, 99, 36],
  [220, 190, 255],
  [128, 0, 0],
  [170, 255, 195],
  [128, 128, 0],
  [250, 190, 212],
  [0, 0, 117],
  [255, 216, 177],
];

/**
 * Colour of region `index`: the palette entry for the first 18, then hues stepped by the golden
 * angle (137.5°) at saturation 0.75 and value 0.95, which never repeat and stay far apart.
 */
export function regionColor(index: number): Rgb {
  const fixed = PALETTE[index];
  if (fixed) return fixed;
  const hue = ((index - PALETTE.length) * 137.50776) % 360;
  return hsvToRgb(hue, 0.75, 0.95);
}

function hsvToRgb(hue: number, saturation: number, value: number): Rgb {
  const channel = (n: number) => {
    const k = (n + hue / 60) % 6;
    return Math.round(255 * (value - value * saturation * Math.max(0, Math.min(k, 4 - k, 1))));
  };
  return [channel(5), channel(3), channel(1)];
}
