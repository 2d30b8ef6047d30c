/**
 * Prompt points in attention-map pixels. A point is the centre of its pixel, (x + ½, y + ½), so
 * scaling by imageWidth / mapWidth lands on the centre of the same area of the image.
 */

/** [x, y] in map pixels: pixel (x, y) covers [x, x + 1) × [y, y + 1). */
export type Point = readonly [x: number, y: number];

export function pixelCentre(index: number, width: number): Point {
  const x = index % width;
  return [x + 0.5, (index - x) / width + 0.5];
}
