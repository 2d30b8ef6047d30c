/**
 * Generated COCO panoptic data for the PQ tests: random blob segments, crowd regions, VOID, things
 * and stuff, predictions perturbed from the ground truth, written as real PNGs with sharp.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { blobMask, seededRandom } from '../../helpers/random.js';

export interface SegmentJson {
  id: number;
  category_id: number;
  iscrowd: number;
  area?: number;
}

export interface PanopticJson {
  categories?: { id: number; name: string; isthing: number }[];
  annotations: { image_id: number; file_name: string; segments_info: SegmentJson[] }[];
}

export const CATEGORIES = [
  { id: 1, name: 'person', isthing: 1 },
  { id: 3, name: 'car', isthing: 1 },
  { id: 8, name: 'dog', isthing: 1 },
  { id: 12, name: 'sky', isthing: 0 },
  { id: 20, name: 'grass', isthing: 0 },
  { id: 44, name: 'never-used', isthing: 1 },
];
const USED = [1, 3, 8, 12, 20];

export async function writePng(path: string, ids: Uint32Array, width: number, height: number): Promise<void> {
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0; i < ids.length; i++) {
    rgb[3 * i] = ids[i]! & 255;
    rgb[3 * i + 1] = (ids[i]! >> 8) & 255;
    rgb[3 * i + 2] = (ids[i]! >> 16) & 255;
  }
  await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toFile(path);
}

/** Segments info for the ids still visible in `ids` (painting can cover a segment entirely). */
function visible(ids: Uint32Array, categoryOf: Map<number, { category: number; crowd: boolean }>, withArea: boolean): SegmentJson[] {
  const area = new Map<number, number>();
  for (const id of ids) if (id !== 0) area.set(id, (area.get(id) ?? 0) + 1);
  return [...area.keys()].map((id) => {
    const info = categoryOf.get(id)!;
    const segment: SegmentJson = { id, category_id: info.category, iscrowd: info.crowd ? 1 : 0 };
    if (withArea) segment.area = area.get(id)!;
    return segment;
  });
}

/** A dataset of `count` images in `dir`/gt and `dir`/pred with their two JSONs. */
export async function generatePanoptic(dir: string, seed: number, count: number): Promise<{ gt: PanopticJson; pred: PanopticJson }> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  await mkdir(join(dir, 'gt'), { recursive: true });
  await mkdir(join(dir, 'pred'), { recursive: true });
  const gt: PanopticJson = { categories: CATEGORIES, annotations: [] };
  const pred: PanopticJson = { annotations: [] };
  for (let image = 0; image < count; image++) {
    const width = 24 + Math.floor(random() * 40);
    const height = 20 + Math.floor(random() * 30);
    const gtIds = new Uint32Array(width * height);
    const gtInfo = new Map<number, { category: number; crowd: boolean }>();
    const segments = 2 + Math.floor(random() * 7);
    for (let s = 0; s < segments; s++) {
      // Large ids exercise all three colour channels.
      const id = 1 + Math.floor(random() * 16_000_000);
      const category = pick(USED);
      gtInfo.set(id, { category, crowd: random() < 0.15 });
      const mask = blobMask(height, width, 1 + Math.floor(random() * 2), random);
      for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) gtIds[i] = id;
    }
    // VOID patches on top of the ground truth.
    const voids = blobMask(height, width, Math.floor(random() * 2), random);
    for (let i = 0; i < voids.data.length; i++) if (voids.data[i]) gtIds[i] = 0;

    const predIds = new Uint32Array(width * height);
    const predInfo = new Map<number, { category: number; crowd: boolean }>();
    const empty = random() < 0.15;
    if (!empty) {
      const relabel = new Map<number, number>();
      for (const [gtId, info] of gtInfo) {
        const predId = 1 + Math.floor(random() * 16_000_000);
        relabel.set(gtId, predId);
        predInfo.set(predId, { category: random() < 0.8 ? info.category : pick(USED), crowd: false });
      }
      // Shifted copy of the ground truth, then extra blobs (new segments or VOID) over it.
      const dx = Math.floor(random() * 5) - 2;
      const dy = Math.floor(random() * 5) - 2;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const sx = Math.min(width - 1, Math.max(0, x + dx));
          const sy = Math.min(height - 1, Math.max(0, y + dy));
          const g = gtIds[sy * width + sx]!;
          predIds[y * width + x] = g === 0 ? 0 : relabel.get(g)!;
        }
      }
      const extras = Math.floor(random() * 4);
      for (let e = 0; e < extras; e++) {
        const id = random() < 0.25 ? 0 : 1 + Math.floor(random() * 16_000_000);
        if (id !== 0) predInfo.set(id, { category: pick(USED), crowd: false });
        const mask = blobMask(height, width, 1, random);
        for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) predIds[i] = id;
      }
    }
    const fileName = `${String(image).padStart(6, '0')}.png`;
    await writePng(join(dir, 'gt', fileName), gtIds, width, height);
    await writePng(join(dir, 'pred', fileName), predIds, width, height);
    gt.annotations.push({ image_id: 100 + image, file_name: fileName, segments_info: visible(gtIds, gtInfo, random() < 0.7) });
    pred.annotations.push({ image_id: 100 + image, file_name: fileName, segments_info: visible(predIds, predInfo, false) });
  }
  // Predictions in another order than the ground truth: pairing is by image_id.
  pred.annotations.reverse();
  return { gt, pred };
}
