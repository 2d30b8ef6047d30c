/**
 * `owseg segment <image> --sam <pack> -o result.json`: SAM's automatic mask generator with every
 * option of the reference as a flag, an owseg result file out and an optional overlay PNG.
 */
import type { Command } from 'commander';
import type { OwsegRegion } from '../../core/formats/index.js';
import { toBbox } from '../../core/rle/index.js';
import type { EverythingMask, EverythingOptions } from '../../tasks/everything/index.js';
import { action } from '../action.js';
import { progressBar } from '../progress.js';
import { addModelSourceOptions, modelHelp, modelRecord, modelSourceExtra, resolveForCli, type ModelSourceFlags } from '../models.js';
import { addNamingOptions, nameOwsegRegions, type NamingFlags } from '../naming.js';
import { drawNamedOverlay } from '../overlay.js';
import { integerFrom, numberIn } from '../options.js';

interface SegmentFlags extends EverythingOptions, NamingFlags, ModelSourceFlags {
  sam: string;
  name?: string;
  output: string;
  overlay?: string;
  maxPixels: number;
}

/** Flag → option, parser and help; defaults are the reference's (shown by --help). */
const GENERATOR_FLAGS: [flag: string, parse: (value: string) => number, help: string][] = [
  ['--points-per-side <n>', integerFrom(1), 'points along each side of the prompt grid (default 32)'],
  ['--points-per-batch <n>', integerFrom(1), 'point prompts per decoder batch; changes speed and memory only (default 64)'],
  ['--pred-iou-thresh <t>', numberIn(0, 1), "keep masks whose predicted IoU is above this; 0 turns the filter off (default 0.88)"],
  ['--stability-score-thresh <t>', numberIn(0, 1), 'keep masks whose stability score is at least this; 0 turns the filter off (default 0.95)'],
  ['--stability-score-offset <o>', numberIn(0, 1000), 'logit offset of the stability score (default 1)'],
  ['--box-nms-thresh <t>', numberIn(0, 1), 'box IoU above which NMS drops the weaker duplicate within a crop (default 0.7)'],
  ['--crop-n-layers <n>', integerFrom(0), 'extra layers of crops: layer k is a 2^k × 2^k grid (default 0)'],
  ['--crop-nms-thresh <t>', numberIn(0, 1), 'box IoU for NMS between crops, preferring smaller crops (default 0.7)'],
  ['--crop-overlap-ratio <r>', numberIn(0, 1), 'overlap of neighbouring crops as a share of the shorter image side (default 512/1500)'],
  ['--crop-n-points-downscale-factor <f>', integerFrom(1), 'points per side are divided by f^k in crop layer k (default 1)'],
  ['--min-mask-region-area <a>', integerFrom(0), 'fill holes and drop islands smaller than this many pixels, then NMS again (default 0: off)'],
];

export function registerSegment(program: Command): void {
  const command = program
    .command('segment')
    .description("segment everything in an image with SAM's automatic mask generator (owseg result file, optional overlay)")
    .argument('<image>', 'the picture (JPEG, PNG, WebP …)')
    .requiredOption('--sam <model>', modelHelp('SAM model', 'sam-vit-base, slimsam, sam2.1-tiny'))
    .requiredOption('-o, --output <json>', 'where to write the owseg result file');
  for (const [flag, parse, help] of GENERATOR_FLAGS) command.option(flag, help, parse);
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
        const { loadSam } = await import('../../models/sam/index.js');
        const { generateEverything, samPredictor } = await import('../../tasks/everything/index.js');
        const { writeOwsegResult, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION } = await import('../../core/formats/index.js');

        const image = await loadImage(imagePath, { maxPixels: flags.maxPixels });
        // Both models are had before any work, so a download or offline failure costs nothing.
        const samSource = await resolveForCli(flags.sam, 'sam', '--sam', flags);
        const namingSource = flags.name === undefined ? undefined : await resolveForCli(flags.name, 'internvl', '--name', flags);
        const model = await loadSam(samSource.dir, samSource.samVariant ? { variant: samSource.samVariant } : {});
        const progress = await progressBar('segmenting crop {crop}/{crops} [{bar}] {percentage}% | {value} / {total} points | eta {eta_formatted}');
        let masks: EverythingMask[];
        try {
          masks = await generateEverything(samPredictor(model), image, generatorOptions(flags), { onProgress: ({ crop, crops, points, totalPoints }) => progress.update(points, totalPoints, { crop, crops }) });
        } finally {
          progress.stop();
          await model.release();
        }
        const segmented = masks.map((mask, i) => region(i + 1, mask));
        const regions = namingSource === undefined ? segmented : await nameOwsegRegions(image, segmented, namingSource.dir, flags);
        await writeOwsegResult(flags.output, {
          format: OWSEG_RESULT_FORMAT,
          version: OWSEG_RESULT_VERSION,
          image: { path: imagePath, width: image.width, height: image.height },
          model: { ...modelRecord(samSource), extra: { ...modelSourceExtra(samSource), ...(namingSource === undefined ? {} : { naming: { ...modelRecord(namingSource), ...modelSourceExtra(namingSource) } }) } },
          task: namingSource === undefined ? 'everything' : 'everything+name',
          regions,
          extra: { options: generatorOptions(flags) },
        });
        if (flags.overlay !== undefined) await drawNamedOverlay(flags.overlay, image, regions);
        console.log(`owseg segment: ${masks.length} masks → ${flags.output}${flags.overlay === undefined ? '' : ` (overlay ${flags.overlay})`}`);
      }),
    );
}

/** Only the generator options the user set, so the file records what was asked for. */
function generatorOptions(flags: SegmentFlags): EverythingOptions {
  const keys: (keyof EverythingOptions)[] = [
    'pointsPerSide',
    'pointsPerBatch',
    'predIouThresh',
    'stabilityScoreThresh',
    'stabilityScoreOffset',
    'boxNmsThresh',
    'cropNLayers',
    'cropNmsThresh',
    'cropOverlapRatio',
    'cropNPointsDownscaleFactor',
    'minMaskRegionArea',
  ];
  return Object.fromEntries(keys.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]]));
}

/**
 * A result region: the file's bbox is the COCO box of the RLE (what the format requires); SAM's
 * own inclusive box, the prompt point and the crop go into `extra`. A stability score of NaN
 * (an empty mask, only with the filter off) is left out rather than written as null.
 */
function region(id: number, mask: EverythingMask): OwsegRegion {
  return {
    id,
    segmentation: mask.segmentation,
    bbox: toBbox(mask.segmentation),
    area: mask.area,
    predictedIou: mask.predictedIou,
    ...(Number.isFinite(mask.stabilityScore) ? { stabilityScore: mask.stabilityScore } : {}),
    extra: { pointCoords: mask.pointCoords, cropBox: mask.cropBox, samBbox: mask.bbox },
  };
}
