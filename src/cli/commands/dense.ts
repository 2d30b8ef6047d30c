/**
 * `owseg dense <image|folder>`: every object and stuff region segmented and named (ROSE on SAM and
 * WOW-Seg), written as COCO panoptic and owseg results; with --refine-with, fixed in rounds.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { EverythingOptions } from '../../tasks/everything/index.js';
import { hasImageExtension, IMAGE_EXTENSIONS } from '../../core/image/extensions.js';
import { action } from '../action.js';
import { addGeneratorOptions } from '../everything-regions.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { addNamingOptions, type NamingFlags } from '../naming.js';
import { integerFrom, numberIn } from '../options.js';

export interface DenseFlags extends ModelSourceFlags, EverythingOptions, NamingFlags {
  sam: string;
  model: string;
  output: string;
  panopticJson: string;
  panoptic?: string;
  overlay?: string;
  vocabulary?: string;
  embedder: string;
  mergeThreshold: number;
  topN: number;
  coverageFraction: number;
  coveragePrompts: number;
  refineWith?: string;
  refineDir?: string;
  rounds: number;
  curve?: string;
  maxPixels: number;
}

export function registerDense(program: Command): void {
  const command = program
    .command('dense')
    .description('segment and name every object and stuff region (ROSE: SAM candidates, WOW-Seg names, dense assembly) as COCO panoptic; --refine-with fixes it in rounds')
    .argument('<input>', 'a picture, or a folder of pictures (one JSON for all, one PNG each)')
    .requiredOption('--sam <model>', modelHelp('SAM model', 'sam-vit-base, slimsam'))
    .requiredOption('--model <model>', modelHelp('the naming model', 'wowseg-1b'))
    .requiredOption('-o, --output <json>', 'owseg result file (a folder of images writes one per image into this folder)')
    .requiredOption('--panoptic-json <json>', 'COCO panoptic JSON; its PNGs go to the folder of the same name without .json')
    .option('--panoptic <png>', 'single image: also copy its panoptic PNG here')
    .option('--overlay <png>', 'single image: also draw the named segments over it')
    .option('--vocabulary <list>', 'map the free names onto coco-panoptic, ade20k or a JSON class list (also decides thing or stuff)')
    .option('--embedder <model>', `with --vocabulary or --merge-threshold < 1: ${modelHelp('the sentence embedder', 'minilm')}`, 'minilm')
    .option('--merge-threshold <cos>', 'merge touching stuff segments whose names\' embeddings have at least this cosine (1: only equal names)', numberIn(0, 1), 1)
    .option('--top-n <n>', 'keep the N most object-like candidates (ROSE\'s top-N)', integerFrom(1), 100)
    .option('--coverage-fraction <f>', 'prompt SAM in every uncovered area of at least this share of the image', numberIn(0.0001, 1), 0.01)
    .option('--coverage-prompts <n>', 'most coverage prompts (0: off)', integerFrom(0), 16)
    .option('--refine-with <json>', 'single image: a reference COCO panoptic JSON for this image (its categories become the vocabulary)')
    .option('--refine-dir <dir>', 'the reference PNG folder (default: the JSON path without .json)')
    .option('--rounds <k>', 'refinement rounds', integerFrom(0), 3)
    .option('--curve <png>', 'where to draw PQ per round (default: the output path with .pq.png)')
    .option('--max-pixels <n>', 'refuse images with more pixels than this', integerFrom(1), 64_000_000);
  addModelSourceOptions(addNamingOptions(addGeneratorOptions(command))).action(
    action(async (input: string, flags: DenseFlags) => {
      const info = await stat(input).catch(() => undefined);
      if (!info) throw new InvalidArgumentError(`no such picture or folder: ${input}`);
      const images = info.isDirectory() ? (await readdir(input)).filter(hasImageExtension).sort().map((f) => join(input, f)) : [input];
      if (images.length === 0) throw new InvalidArgumentError(`${input} holds no pictures (${[...IMAGE_EXTENSIONS].join(', ')})`);
      if (images.length > 1 && (flags.refineWith !== undefined || flags.panoptic !== undefined || flags.overlay !== undefined)) {
        throw new InvalidArgumentError('--refine-with, --panoptic and --overlay take a single picture');
      }
      if (!/\.json$/i.test(flags.panopticJson)) throw new InvalidArgumentError('--panoptic-json must end in .json');
      const { runDense } = await import('../dense-run.js');
      await runDense(images, info.isDirectory(), flags, {
        sam: await resolveForCli(flags.sam, 'sam', '--sam', flags),
        model: await resolveForCli(flags.model, 'internvl', '--model', flags),
      });
    }),
  );
}
