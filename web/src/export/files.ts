/**
 * The three exports: COCO instances (one image, one category per distinct name), the owseg result
 * file, and the overlay PNG as drawn on screen; each handed to the browser as a download.
 */
import type { CocoCategory, CocoInstances } from '../../../src/core/formats/coco.js';
import { OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION, stringifyOwsegResult, type OwsegRegion, type OwsegResult } from '../../../src/core/formats/owseg-result.js';
import { drawScene } from '../view/draw-scene.js';

export interface ExportImage {
  fileName: string;
  width: number;
  height: number;
}

/** Regions without a name go to category "object", as nothing better is known of them. */
const UNNAMED = 'object';

export function cocoInstances(image: ExportImage, regions: readonly OwsegRegion[]): CocoInstances {
  const categories: CocoCategory[] = [];
  const categoryOf = (name: string): number => {
    let category = categories.find((c) => c.name === name);
    if (!category) categories.push((category = { id: categories.length + 1, name }));
    return category.id;
  };
  return {
    info: { description: `owseg web app labels of ${image.fileName}` },
    images: [{ id: 1, file_name: image.fileName, width: image.width, height: image.height }],
    annotations: regions.map((r) => ({
      id: r.id,
      image_id: 1,
      category_id: categoryOf(r.name ?? UNNAMED),
      segmentation: r.segmentation,
      area: r.area,
      bbox: r.bbox,
      iscrowd: 0,
    })),
    categories,
  };
}

export function owsegResult(image: ExportImage, regions: readonly OwsegRegion[]): OwsegResult {
  return {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { path: image.fileName, width: image.width, height: image.height },
    task: 'web',
    regions: [...regions],
  };
}

export function downloadCoco(image: ExportImage, regions: readonly OwsegRegion[]): void {
  download(new Blob([`${JSON.stringify(cocoInstances(image, regions))}\n`], { type: 'application/json' }), `${stem(image.fileName)}.coco.json`);
}

export function downloadOwseg(image: ExportImage, regions: readonly OwsegRegion[]): void {
  download(new Blob([stringifyOwsegResult(owsegResult(image, regions))], { type: 'application/json' }), `${stem(image.fileName)}.owseg.json`);
}

export async function downloadOverlay(image: ExportImage, picture: CanvasImageSource, regions: readonly OwsegRegion[]): Promise<void> {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  drawScene(canvas.getContext('2d')!, picture, regions, { labels: true });
  const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the overlay as PNG.'))), 'image/png'));
  download(png, `${stem(image.fileName)}.overlay.png`);
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has started by the time the click returns; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function stem(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || 'image';
}
