// Writes the example scene's panoptic ground truth, examples/scene.panoptic.json and
// examples/scene.panoptic/scene.png, from examples/scene.coco.json: later annotations are painted
// over earlier ones, mountain and grass are stuff, the rest are things. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { annotationMask, rose } from '../dist/index.js';

const root = new URL('.', import.meta.url).pathname;
const coco = JSON.parse(readFileSync(`${root}scene.coco.json`, 'utf8'));
const [image] = coco.images;
const stuff = new Set(['mountain', 'grass']);
const names = new Map(coco.categories.map((c) => [c.id, c.name]));
const ids = new Int32Array(image.width * image.height);
coco.annotations.forEach((annotation, k) => {
  const mask = annotationMask(annotation, image);
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) ids[i] = k + 1;
});
const segments = coco.annotations.map((annotation, k) => {
  const name = names.get(annotation.category_id);
  return { id: k + 1, name, isthing: !stuff.has(name) };
});
const { json } = await rose.writeCocoPanoptic(`${root}scene.panoptic.json`, [
  { id: image.id, fileName: image.file_name, map: { width: image.width, height: image.height, ids, segments } },
]);
console.log(`examples/scene.panoptic.json: ${json.annotations[0].segments_info.length} segments, ${json.categories.length} categories`);
