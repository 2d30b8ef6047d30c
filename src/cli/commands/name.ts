/**
 * `owseg name <image> --masks <file|png…> --model <pack> -o result.json`: word-free naming of
 * given masks (WOW-Seg), written as an owseg result file and, with `--overlay`, a labelled picture.
 */
import type { Command } from 'commander';
import type { OwsegResult } from '../../core/formats/index.js';
import { action } from '../action.js';
import { readMaskInputs } from '../mask-inputs.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { resultModel } from '../../hub/model-record.js';
import { addNamingOptions, nameOwsegRegionsWithProgress, namingOptions, type NamingFlags } from '../naming.js';
import { integerFrom } from '../options.js';

interface NameFlags extends NamingFlags, ModelSourceFlags {
  masks: string[];
  model: string;
  output: string;
  overlay?: string;
  imageId?: number;
  maxPixels: number;
}

export function registerName(program: Command): void {
  const command = program
    .command('name')
    .description('name every given mask with no vocabulary (WOW-Seg)')
    .argument('<image>', 'the picture (JPEG, PNG, WebP …)')
    .requiredOption('--masks <paths...>', 'an owseg result, COCO or LVIS JSON file, or PNG mask images')
    .requiredOption('--model <model>', modelHelp('the naming model (WOW-Seg)', 'wowseg-1b'))
    .requiredOption('-o, --output <json>', 'where to write the owseg result file')
    .option('--overlay <png>', 'also draw the named masks over the image into this PNG')
    .option('--image-id <id>', 'which image of a multi-image COCO/LVIS/results file', integerFrom(0))
    .option('--max-pixels <n>', 'refuse images with more pixels than this', integerFrom(1), 64_000_000);
  addModelSourceOptions(addNamingOptions(command)).action(
    action(async (imagePath: string, flags: NameFlags) => {
      const { loadImage } = await import('../../core/image/index.js');
      const { writeOwsegResult, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION } = await import('../../core/formats/index.js');
      const image = await loadImage(imagePath, { maxPixels: flags.maxPixels });
      const regions = await readMaskInputs(flags.masks, image, imagePath, flags.imageId);
      const source = await resolveForCli(flags.model, 'internvl', '--model', flags);
      const named = await nameOwsegRegionsWithProgress(image, regions, source.dir, flags);
      const result: OwsegResult = {
        format: OWSEG_RESULT_FORMAT,
        version: OWSEG_RESULT_VERSION,
        image: { path: imagePath, width: image.width, height: image.height },
        model: resultModel(source),
        task: 'name',
        regions: named,
        extra: { options: namingOptions(flags) },
      };
      if (flags.overlay !== undefined) {
        const { drawNamedOverlay } = await import('../overlay.js');
        await drawNamedOverlay(flags.overlay, image, named);
      }
      await writeOwsegResult(flags.output, result);
      console.log(`owseg name: ${named.length} masks named → ${flags.output}${flags.overlay === undefined ? '' : ` (overlay ${flags.overlay})`}`);
    }),
  );
}
