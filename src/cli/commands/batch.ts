/**
 * `owseg batch <input> -o <dir> --task everything|name|dense|ground`: any task over a dataset,
 * locally in --workers child processes or across machines with --queue, resumable from the
 * journal in the output folder, ending in a merged dataset file and a summary.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { EverythingOptions } from '../../tasks/everything/index.js';
import { action } from '../action.js';
import { addGeneratorOptions } from '../everything-regions.js';
import { addModelSourceOptions, modelHelp, type ModelSourceFlags } from '../models.js';
import { addNamingOptions, type NamingFlags } from '../naming.js';
import { integerFrom, numberIn } from '../options.js';
import { addQueueOptions, type QueueFlags } from '../queue-options.js';

export interface BatchFlags extends ModelSourceFlags, EverythingOptions, NamingFlags, QueueFlags {
  output: string;
  task: 'everything' | 'name' | 'dense' | 'ground';
  sam?: string;
  model?: string;
  name?: string;
  images?: string;
  text?: string;
  topN: number;
  coverageFraction: number;
  coveragePrompts: number;
  maxPixels: number;
  workers: number;
  retryFailed?: boolean;
  attempts: number;
  backoff: number;
  inlineMaxBytes: number;
}

export function registerBatch(program: Command): void {
  const command = program
    .command('batch')
    .description('run a task over a dataset: resumable, in local worker processes or on many machines through a Redis queue (see docs/batch.md)')
    .argument('<input>', 'a folder of pictures (searched recursively), a text file of paths (one a line) or a COCO/LVIS JSON file')
    .requiredOption('-o, --output <dir>', 'the run folder: per-picture results, journal, merged dataset file, summary')
    .addOption(new Option('--task <task>', 'everything: SAM masks (named with --name); name: the masks of a COCO/LVIS input; dense: ROSE panoptic; ground: --text in every picture').choices(['everything', 'name', 'dense', 'ground']).default('everything'))
    .option('--sam <model>', modelHelp('SAM model (everything, dense, ground)', 'sam-vit-base, slimsam'))
    .option('--model <model>', modelHelp('the InternVL model (name, dense, ground)', 'wowseg-1b'))
    .option('--name <model>', 'everything: also name every mask with this model (as owseg segment --name; same as --model)')
    .option('--images <dir>', 'COCO/LVIS input: the folder its file names are relative to (default: the JSON file\'s folder)')
    .option('--text <text>', 'ground: the text grounded in every picture')
    .option('--top-n <n>', 'dense: keep the N most object-like candidates', integerFrom(1), 100)
    .option('--coverage-fraction <f>', 'dense: prompt SAM in every uncovered area of at least this share of the picture', numberIn(0.0001, 1), 0.01)
    .option('--coverage-prompts <n>', 'dense: most coverage prompts (0: off)', integerFrom(0), 16)
    .option('--max-pixels <n>', 'pictures with more pixels than this are recorded as failed', integerFrom(1), 64_000_000)
    .option('--workers <n>', 'local child processes, each with its own models', integerFrom(1), 1)
    .option('--retry-failed', 'also try again the pictures an earlier run of this folder recorded as failed')
    .option('--attempts <n>', 'queue: tries per picture before it goes to the failed list', integerFrom(1), 3)
    .option('--backoff <ms>', 'queue: delay before the first retry, doubling each retry', integerFrom(0), 1000)
    .option('--inline-max-bytes <n>', 'queue: pictures up to this size travel inside the job; larger ones by path, which every worker must read (0: always by path)', integerFrom(0), 1_048_576);
  addModelSourceOptions(addQueueOptions(addNamingOptions(addGeneratorOptions(command)), false)).action(
    action(async (input: string, flags: BatchFlags) => {
      if (flags.name !== undefined && flags.model !== undefined && flags.name !== flags.model) throw new InvalidArgumentError('--name and --model name the same model: give one of them');
      if (flags.task === 'ground' && (flags.text === undefined || flags.text.trim() === '')) throw new InvalidArgumentError('--task ground needs --text "<text>"');
      const { runBatchCommand } = await import('../batch-run.js');
      await runBatchCommand(input, flags);
    }),
  );
}
