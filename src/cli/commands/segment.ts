/**
 * `owseg segment <image> --sam <pack> -o result.json`: SAM's automatic mask generator with every
 * option of the reference as a flag, an owseg result file out and an optional overlay PNG.
 */
import type { Command } from 'commander';
import type { EverythingOptions } from '../../tasks/everything/index.js';
import { action } from '../action.js';
import { addGeneratorOptions, everythingRegions, generatorOptions } from '../everything-regions.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { resultModel } from '../../hub/model-record.js';
import { addNamingOptions, nameOwsegRegionsWithProgress, type NamingFlags } from '../naming.js';
import { drawNamedOverlay } from '../overlay.js';
import { integerFrom } from '../options.js';

interface SegmentFlags extends EverythingOptions, NamingFlags, ModelSourceFlags {
  sam: string;
  name?: string;
  output: string;
  overlay?: string;
  maxPixels: number;
}

export function registerSegment(program: Command): void {
  const command = program
    .command('segment')
    .description("segment everything in an image with SAM's automatic mask generator (owseg result file, optional overlay)")
    .argument('<image>', 'the picture (JPEG, PNG, WebP …)')
    .requiredOption('--sam <model>', modelHelp('SAM model', 'sam-vit-base, slimsam, sam2.1-tiny'))
    .requiredOption('-o, --output <json>', 'where to write the owseg result file');
  addGeneratorOptions(command);
  command
    .option('--name <model>', `also name every mask with no vocabulary (WOW-Seg); ${modelHelp('the naming model', 'wowseg-1b')}`)
    .option('--overlay <png>', 'also draw the masks over the image into this PNG')
    .option('--max-pixels <n>', 'refuse images with more pixels than this', integerFrom(1), 64_000_000);
  addModelSourceOptions(addNamingOptions(command))
    .hook('preAction', (cmd) => {
      // A flag combination the generator cannot run is a usage error, like a bad flag value.
      const { pointsPerSide = 32, cropNLayers = 0, cropNPointsDownscaleFactor = 1 } = cmd.opts<SegmentFlags>();
      if (Math.trunc(pointsPerSide / cropNPointsDownscaleFactor ** cropNLayers) < 1) {
        cmd.error(`error: --points-per-side ${pointsPerSide} leaves crop layer ${cropNLayers} without points (divided by ${cropNPointsDownscaleFactor}^${cropNLayers})`);
      }
    })
    .action(
      action(async (imagePath: string, flags: SegmentFlags) => {
        const { loadImage } = await import('../../core/image/index.js');
        const { writeOwsegResult, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION } = await import('../../core/formats/index.js');

        const image = await loadImage(imagePath, { maxPixels: flags.maxPixels });
        // Both models are had before any work, so a download or offline failure costs nothing.
        const samSource = await resolveForCli(flags.sam, 'sam', '--sam', flags);
        const namingSource = flags.name === undefined ? undefined : await resolveForCli(flags.name, 'internvl', '--name', flags);
        const segmented = await everythingRegions(image, samSource, generatorOptions(flags));
        const regions = namingSource === undefined ? segmented : await nameOwsegRegionsWithProgress(image, segmented, namingSource.dir, flags);
        await writeOwsegResult(flags.output, {
          format: OWSEG_RESULT_FORMAT,
          version: OWSEG_RESULT_VERSION,
          image: { path: imagePath, width: image.width, height: image.height },
          model: resultModel(samSource, { naming: namingSource }),
          task: namingSource === undefined ? 'everything' : 'everything+name',
          regions,
          extra: { options: generatorOptions(flags) },
        });
        if (flags.overlay !== undefined) await drawNamedOverlay(flags.overlay, image, regions);
        console.log(`owseg segment: ${segmented.length} masks → ${flags.output}${flags.overlay === undefined ? '' : ` (overlay ${flags.overlay})`}`);
      }),
    );
}
