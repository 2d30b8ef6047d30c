/**
 * SAM everything-mode as the CLI runs it for `segment`, and for `refer` when it needs a candidate
 * pool: the generator flags, a loaded SAM, a progress bar, and the masks as owseg result regions.
 */
import type { Command } from 'commander';
import type { OwsegRegion } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import type { ResolvedModel } from '../hub/index.js';
import type { EverythingOptions } from '../tasks/everything/index.js';
import { integerFrom, numberIn } from './options.js';
import { progressBar } from './progress.js';

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

/** Adds every generator flag to `command`. */
export function addGeneratorOptions(command: Command): Command {
  for (const [flag, parse, help] of GENERATOR_FLAGS) command.option(flag, help, parse);
  return command;
}

/** Only the generator options the user set, so the file records what was asked for. */
export function generatorOptions(flags: EverythingOptions): EverythingOptions {
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

export async function everythingRegions(image: RgbImage, sam: ResolvedModel, options: EverythingOptions): Promise<OwsegRegion[]> {
  const { withSam } = await import('../tasks/loaded-models.js');
  const { generateEverything, samPredictor } = await import('../tasks/everything/index.js');
  const { everythingOwsegRegions } = await import('../tasks/everything/owseg-regions.js');
  return withSam(sam.dir, sam.samVariant, async (model) => {
    const progress = await progressBar('segmenting crop {crop}/{crops} [{bar}] {percentage}% | {value} / {total} points | eta {eta_formatted}');
    try {
      const masks = await generateEverything(samPredictor(model), image, options, { onProgress: ({ crop, crops, points, totalPoints }) => progress.update(points, totalPoints, { crop, crops }) });
      return everythingOwsegRegions(masks);
    } finally {
      progress.stop();
    }
  });
}
