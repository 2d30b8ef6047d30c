/**
 * `owseg pull <model>…`: downloads models ahead of time into the Hub cache (shared with Python's
 * huggingface_hub) and converts checkpoints into owseg packs, so later commands start at once.
 */
import { Option, type Command } from 'commander';
import type { ModelFamily } from '../../hub/index.js';
import { MODEL_FAMILIES } from '../../hub/names.js';
import { action } from '../action.js';
import { formatBytes } from '../format.js';
import { addModelSourceOptions, ModelReporter, type ModelSourceFlags } from '../models.js';

interface PullFlags extends ModelSourceFlags {
  family?: ModelFamily;
  convert: boolean;
}

export function registerPull(program: Command): void {
  const command = program
    .command('pull')
    .description('download models (names or Hub repo ids org/name[@revision]) into the cache and convert checkpoints')
    .argument('<models...>', 'model names (owseg models --names) or Hub repo ids')
    .addOption(new Option('--family <family>', 'what a repo id that is neither a known name nor recognisable holds').choices(MODEL_FAMILIES))
    .option('--no-convert', 'download InternVL checkpoints without converting them into packs yet');
  addModelSourceOptions(command).action(
    action(async (specs: string[], flags: PullFlags) => {
      const { pullModel } = await import('../../hub/index.js');
      for (const spec of specs) {
        const reporter = new ModelReporter();
        try {
          const pulled = await pullModel(spec, {
            field: spec,
            dtype: flags.dtype,
            weights: flags.weights,
            convert: flags.convert,
            ...(flags.family ? { family: flags.family } : {}),
            ...(flags.offline ? { hub: { offline: true } } : {}),
            onEvent: (event) => reporter.report(event),
          });
          await reporter.stop();
          const fetched = pulled.fetchedBytes > 0 ? `fetched ${formatBytes(pulled.fetchedBytes)}` : 'already cached';
          const converted = pulled.converted ? ', converted' : '';
          process.stdout.write(`${spec}: ${pulled.repo}@${pulled.commit!.slice(0, 12)} (${pulled.family}${pulled.dtype ? ` ${pulled.dtype}` : ''}${pulled.weights && pulled.weights !== 'fp32' ? ` ${pulled.weights}` : ''}), ${fetched}${converted} → ${pulled.dir}\n`);
        } finally {
          await reporter.stop();
        }
      }
    }),
  );
}
