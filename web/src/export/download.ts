/**
 * The three downloads: COCO JSON, owseg JSON, and the overlay PNG drawn exactly as the screen
 * draws it; each handed to the browser as a file to save.
 */
import { stringifyOwsegResult, type OwsegRegion } from '../../../src/core/formats/owseg-result.js';
import { drawScene } from '../view/draw-scene.js';
import { cocoInstances, owsegResult, type ExportImage } from './labels.js';

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
