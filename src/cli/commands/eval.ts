/**
 * `owseg eval <metric> --gt <file> --pred <file>`: scores predictions with the benchmark metrics,
 * prints a table and with `--out` writes `{ metric, stats }` (stat keys are listed in METRICS).
 */
import { Option, type Command } from 'commander';
import { action } from '../action.js';
import { integerFrom } from '../options.js';
import { progressBar } from '../progress.js';
import { addModelSourceOptions, modelHelp } from '../models.js';
import { addNamingOptions } from '../naming.js';
import { METRICS, type EvalOptions } from './eval-metrics.js';

export function registerEval(program: Command): void {
  const metricList = Object.entries(METRICS)
    .map(([name, metric]) => `  ${name.padEnd(19)} ${metric.description}\n  ${''.padEnd(19)} → ${metric.statKeys.join(', ')}`)
    .join('\n');
  const command = program
    .command('eval')
    .description('score predictions against ground truth with the metrics the papers report')
    .addArgument(program.createArgument('<metric>', 'which metric').choices(Object.keys(METRICS)))
    .requiredOption('--gt <path>', 'ground truth (file, or folder for miou)')
    .option('--pred <path>', 'predictions (file, or folder for miou)')
    .option('--out <file>', 'also write { "metric", "stats" } as JSON')
    .option('--lenient', 'skip bad prediction records and report how many, instead of failing')
    .option('--agnostic', 'coco-ap: ignore categories (COCOeval useCats = 0)')
    .option('--gt-dir <dir>', 'pq: ground-truth PNG folder (default: the --gt path without .json)')
    .option('--pred-dir <dir>', 'pq: prediction PNG folder (default: the --pred path without .json)')
    .addOption(new Option('--variant <variant>', 'miou: which classes the mean is over').choices(['detectron2', 'mmseg']))
    .option('--ignore-label <n>', 'miou: label excluded from scoring (default 255)', integerFrom(0))
    .option('--num-classes <n>', 'miou: number of classes (default: from the data)', integerFrom(1))
    .option('--empty-threshold <pixels>', 'gres: a prediction this small or smaller means "no target" (default 0)', integerFrom(0))
    .option('--embedder <model>', `region-recognition: ${modelHelp('the sentence embedder', 'minilm')}`)
    .addOption(new Option('--cleanup <variant>', 'region-recognition: label clean-up').choices(['osprey', 'wowseg']).default('wowseg'))
    .option('--images <dir>', "region-recognition: the Osprey JSON's image folder, to name its regions with --model")
    .option('--model <model>', `region-recognition: ${modelHelp('the model naming the ground-truth regions (WOW-Seg)', 'wowseg-1b')}`);
  addModelSourceOptions(addNamingOptions(command))
    .addHelpText('after', `\nMetrics:\n${metricList}\n\nStats are fractions (as pycocotools), not percentages.`)
    .action(
      action(async (metricName: string, options: EvalOptions) => {
        const metric = METRICS[metricName]!;
        const bar = await progressBar(`${metricName} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`);
        let run;
        try {
          run = await metric.run(options, (done, total) => bar.update(done, total));
        } finally {
          bar.stop();
        }
        process.stdout.write(formatStats(metricName, metric.statKeys, run.stats, run.skipped));
        if (options.out !== undefined) {
          const { writeFileAtomic } = await import('../../core/formats/json-file.js');
          const record = { metric: metricName, stats: pick(run.stats, metric.statKeys), ...(run.skipped === undefined ? {} : { skipped: run.skipped }) };
          await writeFileAtomic(options.out, `${JSON.stringify(record, null, 2)}\n`);
        }
      }),
    );
}

function pick(stats: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, stats[key]!]));
}

function formatStats(metric: string, keys: readonly string[], stats: Record<string, number>, skipped: MetricSkipped): string {
  const width = Math.max(...keys.map((key) => key.length));
  const lines = [`metric  ${metric}`, ...keys.map((key) => `${key.padEnd(width)}  ${formatValue(stats[key]!)}`)];
  if (skipped !== undefined) {
    const entries = typeof skipped === 'number' ? [['records', skipped] as const] : Object.entries(skipped);
    lines.push(`skipped ${entries.map(([reason, count]) => `${count} ${reason}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

type MetricSkipped = Record<string, number> | number | undefined;

function formatValue(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}
