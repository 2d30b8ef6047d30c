/**
 * `owseg draw <image> <file> -o out.png`: overlays the regions of any annotation or result file
 * on its picture; everything is read and checked before the output file is written.
 */
import type { Command } from 'commander';
import { action } from '../action.js';
import { integerFrom, numberIn } from '../options.js';

interface DrawOptions {
  output: string;
  imageId?: number;
  minScore?: number;
  alpha: number;
  labels: boolean;
  outline: boolean;
  maxPixels: number;
}

export function registerDraw(program: Command): void {
  program
    .command('draw')
    .description('draw the regions of an owseg result, COCO instances, COCO results or LVIS file over its image, as PNG')
    .argument('<image>', 'the picture (JPEG, PNG, WebP …)')
    .argument('<file>', 'owseg result, COCO instances, COCO results or LVIS JSON')
    .requiredOption('-o, --output <png>', 'where to write the overlay (PNG)')
    .option('--image-id <id>', 'which image of a multi-image COCO/LVIS/results file (default: the one whose file_name matches <image>)', integerFrom(0))
    .option('--min-score <score>', 'leave out regions scored below this', numberIn(0, 1))
    .option('--alpha <alpha>', 'opacity of the region fills', numberIn(0, 1), 0.5)
    .option('--no-labels', 'do not draw labels')
    .option('--no-outline', 'do not draw outlines')
    .option('--max-pixels <n>', 'refuse images with more pixels than this', integerFrom(1), 64_000_000)
    .action(
      action(async (imagePath: string, filePath: string, options: DrawOptions) => {
        const { loadImage } = await import('../../core/image/index.js');
        const { renderOverlayPng } = await import('../../core/draw/index.js');
        const { readAnnotationFile, regionsForImage, writeFileAtomic } = await import('../../core/formats/index.js');

        const image = await loadImage(imagePath, { maxPixels: options.maxPixels });
        const regions = regionsForImage(
          await readAnnotationFile(filePath),
          {
            width: image.width,
            height: image.height,
            fileName: imagePath,
            ...(options.imageId === undefined ? {} : { imageId: options.imageId }),
            ...(options.minScore === undefined ? {} : { minScore: options.minScore }),
          },
          filePath,
        );
        const png = await renderOverlayPng(image, regions, { alpha: options.alpha, labels: options.labels, outline: options.outline });
        await writeFileAtomic(options.output, png);
        console.log(`owseg draw: ${regions.length} regions → ${options.output}`);
      }),
    );
}
