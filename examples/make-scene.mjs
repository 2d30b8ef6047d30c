// Draws examples/scene.png and its COCO annotations examples/scene.coco.json from one list of polygons,
// so the demo and the docs have a picture with exact ground truth and no download. Run after `npm run build`.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { rle } from '../dist/index.js';

const width = 640;
const height = 480;

function circle(cx, cy, r, n = 48) {
  const points = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    points.push(+(cx + r * Math.cos(t)).toFixed(2), +(cy + r * Math.sin(t)).toFixed(2));
  }
  return points;
}

// Painted back to front; each object: category, fill colour, polygons.
const objects = [
  { category: 'mountain', fill: '#7d8ca3', polygons: [[0, 300, 120, 150, 230, 260, 330, 120, 470, 290, 560, 190, 640, 280, 640, 330, 0, 330]] },
  { category: 'sun', fill: '#ffd23f', polygons: [circle(540, 80, 42)] },
  { category: 'grass', fill: '#5fa052', polygons: [[0, 320, 640, 310, 640, 480, 0, 480]] },
  { category: 'house', fill: '#e4d6b8', polygons: [[120, 250, 300, 250, 300, 400, 120, 400]] },
  { category: 'roof', fill: '#b5452f', polygons: [[100, 255, 210, 170, 320, 255]] },
  { category: 'door', fill: '#6b4226', polygons: [[190, 320, 232, 320, 232, 400, 190, 400]] },
  { category: 'window', fill: '#9fd3f0', polygons: [[138, 280, 176, 280, 176, 318, 138, 318], [246, 280, 284, 280, 284, 318, 246, 318]] },
  { category: 'tree trunk', fill: '#7a5230', polygons: [[452, 300, 478, 300, 482, 420, 448, 420]] },
  { category: 'tree', fill: '#2f7d3a', polygons: [circle(465, 255, 62, 40)] },
  { category: 'dog', fill: '#3b3024', polygons: [[340, 420, 352, 398, 392, 396, 404, 380, 418, 384, 420, 402, 410, 430, 404, 452, 394, 452, 392, 434, 358, 434, 354, 452, 344, 452]] },
];

const svgPolygons = objects
  .flatMap((o) => o.polygons.map((p) => `<polygon points="${p.join(' ')}" fill="${o.fill}"/>`))
  .join('\n');
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#6fb7f2"/><stop offset="1" stop-color="#d7ecfb"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#sky)"/>
${svgPolygons}
</svg>`;

await sharp(Buffer.from(svg)).png().toFile(new URL('scene.png', import.meta.url).pathname);

const categories = [...new Set(objects.map((o) => o.category))].map((name, i) => ({ id: i + 1, name, supercategory: 'scene' }));
// Ground truth is what is visible: an object's mask minus everything painted over it. Unoccluded
// objects keep their polygons; occluded ones are stored as compressed RLE, as COCO does for crowds.
const full = objects.map((o) => rle.decode(rle.fromPolygons(o.polygons, height, width)));
const annotations = objects.map((o, i) => {
  const visible = full[i].data.slice();
  for (const later of full.slice(i + 1)) for (let p = 0; p < visible.length; p++) if (later.data[p]) visible[p] = 0;
  const occluded = visible.some((v, p) => v !== full[i].data[p]);
  const encoded = rle.encode({ height, width, data: visible });
  return {
    id: i + 1,
    image_id: 1,
    category_id: categories.find((c) => c.name === o.category).id,
    segmentation: occluded ? encoded : o.polygons,
    area: rle.area(encoded),
    bbox: rle.toBbox(encoded),
    iscrowd: 0,
  };
});
const coco = {
  info: { description: 'owseg example scene, drawn by examples/make-scene.mjs' },
  images: [{ id: 1, file_name: 'scene.png', width, height }],
  annotations,
  categories,
};
writeFileSync(new URL('scene.coco.json', import.meta.url).pathname, `${JSON.stringify(coco, null, 1)}\n`);

// A results file to try `owseg eval coco-ap` on: every visible region shifted right by 0, 4 or
// 8 px, the dog missed, and one false positive in the sky, with descending scores.
const shifted = (mask, dx) => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = dx; x < width; x++) data[y * width + x] = mask[y * width + x - dx];
  return data;
};
const results = annotations
  .filter((a) => a.category_id !== categories.find((c) => c.name === 'dog').id)
  .map((a, i) => ({
    image_id: 1,
    category_id: a.category_id,
    segmentation: rle.encode({ height, width, data: shifted(rle.decode(Array.isArray(a.segmentation) ? rle.fromPolygons(a.segmentation, height, width) : a.segmentation).data, (i % 3) * 4) }),
    score: +(0.95 - 0.05 * i).toFixed(2),
  }));
results.push({ image_id: 1, category_id: categories.find((c) => c.name === 'sun').id, segmentation: rle.fromBbox([60, 40, 50, 30], height, width), score: 0.5 });
writeFileSync(new URL('scene.results.json', import.meta.url).pathname, `${JSON.stringify(results)}\n`);
