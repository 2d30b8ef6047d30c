/**
 * Hand-drawn scenes for the generator tests: rectangles of labels on a background, and the
 * expected RLE of a set of labels, so expectations read as "object 1 and objects 1 + 2".
 */
import { encode, type Rle } from '../../../src/core/rle/index.js';
import type { FakeScene, ObjectRule } from './fake-predictor.js';

/** [label, x0, y0, x1, y1) rectangles painted in order over label 0. */
export type Rect = [number, number, number, number, number];

export function drawScene(width: number, height: number, rects: Rect[], objects: Record<string, ObjectRule>): FakeScene {
  const labels = new Array<number>(width * height).fill(0);
  for (const [label, x0, y0, x1, y1] of rects) {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) labels[y * width + x] = label;
  }
  return { width, height, labels, objects };
}

/** RLE of the pixels whose label is in `labels`. */
export function labelsRle(scene: FakeScene, labels: number[]): Rle {
  const data = Uint8Array.from(scene.labels, (l) => (labels.includes(l) ? 1 : 0));
  return encode({ width: scene.width, height: scene.height, data });
}
