/**
 * Seeded random scenes for the fake predictor: overlapping rectangles and ellipses (so objects are
 * cut into pieces, with holes and specks), per-object rules drawn around SAM's default thresholds.
 */
import { seededRandom } from '../../helpers/random.js';
import type { FakeScene, ObjectRule } from './fake-predictor.js';

export function randomScene(seed: number, width: number, height: number, shapes: number): FakeScene {
  const random = seededRandom(seed);
  const labels = new Array<number>(width * height).fill(0);
  for (let s = 1; s <= shapes; s++) {
    const cx = random() * width;
    const cy = random() * height;
    const rx = 2 + random() * width * 0.25;
    const ry = 2 + random() * height * 0.25;
    const ellipse = random() < 0.5;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = (x + 0.5 - cx) / rx;
        const dy = (y + 0.5 - cy) / ry;
        if (ellipse ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1) labels[y * width + x] = s;
      }
    }
  }
  // Specks of another label: tiny islands and holes for the small-region clean-up.
  for (let k = 0; k < shapes; k++) labels[Math.floor(random() * width * height)] = 1 + Math.floor(random() * shapes);
  const objects: Record<string, ObjectRule> = {};
  // Predicted IoUs near the 0.88 threshold, including float32(0.88) itself, and ties across objects.
  const ious = [0.95, 0.9, Math.fround(0.88), 0.87, 0.99, 0.92];
  for (let label = 0; label <= shapes; label++) {
    const pick = (): number => ious[Math.floor(random() * ious.length)]!;
    objects[String(label)] = {
      iou: [pick(), pick(), pick()],
      neighbour: Math.floor(random() * (shapes + 1)),
      edge: random() < 0.4 ? [0.5, 0.75, 1][Math.floor(random() * 3)]! : null,
    };
  }
  return { width, height, labels, objects };
}
