/**
 * The overlay the region-producing commands write with `--overlay`: largest regions first so
 * smaller ones stay visible on top, labelled with their names when they have them.
 */
import type { OwsegRegion } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';

export async function drawNamedOverlay(path: string, image: RgbImage, regions: readonly OwsegRegion[]): Promise<void> {
  const { renderOverlayPng, regionColor } = await import('../core/draw/index.js');
  const { writeFileAtomic } = await import('../core/formats/index.js');
  const { decode } = await import('../core/rle/index.js');
  const order = regions.map((_, i) => i).sort((a, b) => regions[b]!.area - regions[a]!.area || a - b);
  const overlayRegions = order.map((i) => ({
    mask: decode(regions[i]!.segmentation),
    color: regionColor(i),
    ...(regions[i]!.name === undefined ? {} : { label: regions[i]!.name }),
  }));
  await writeFileAtomic(path, await renderOverlayPng(image, overlayRegions, { labels: regions.some((r) => r.name !== undefined) }));
}
