/**
 * How the CLI obtains models: every option that takes one accepts a folder, a short name or a Hub
 * repo id; downloads and conversions show a progress bar, warnings and waits one line each.
 */
import { Option, type Command } from 'commander';
import type { Dtype, ModelFamily, ModelEvent, ResolvedModel } from '../hub/index.js';
import { DTYPES } from '../hub/select-files.js';
import type { WeightFormat } from '../models/internvl/index.js';
import type { SentenceTransformerEmbedder } from '../models/text/index.js';
import { formatBytes } from './format.js';
import { progressBar, type ProgressBar } from './progress.js';

export interface ModelSourceFlags {
  offline?: boolean;
  dtype: Dtype;
  weights: WeightFormat;
}

/** The models layer's WEIGHT_FORMATS, repeated so that --help does not load the model modules. */
export const weightFormatChoices: readonly WeightFormat[] = ['fp32', 'fp16', 'int8', 'int4'];

/** Adds --offline, --dtype and --weights to a command that takes models. */
export function addModelSourceOptions(command: Command): Command {
  return command
    .option('--offline', 'never touch the network: use models already in the cache (as HF_HUB_OFFLINE=1)')
    .addOption(new Option('--dtype <dtype>', 'variant of transformers.js ONNX models (SAM, embedder), named as transformers.js names them').choices(DTYPES).default('fp32'))
    .addOption(
      new Option('--weights <format>', 'weight format InternVL checkpoints from the Hub are converted to (int8 / int4: faster and smaller, see docs/models.md); a pack folder is used as it is')
        .choices(weightFormatChoices)
        .default('fp32'),
    );
}

/** Help text for an option that takes a model of `family`. */
export function modelHelp(what: string, example: string): string {
  return `${what}: a folder, a model name (${example}; see owseg models --names) or a Hub repo id org/name[@revision]`;
}

/** Resolves `spec` (downloading and converting when needed) with progress on stderr. */
export async function resolveForCli(spec: string, family: ModelFamily, field: string, flags: ModelSourceFlags): Promise<ResolvedModel> {
  const { resolveModel } = await import('../hub/index.js');
  const reporter = new ModelReporter();
  try {
    return await resolveModel(spec, family, { field, dtype: flags.dtype, weights: flags.weights, ...(flags.offline ? { hub: { offline: true } } : {}), onEvent: (event) => reporter.report(event) });
  } finally {
    await reporter.stop();
  }
}

/** The sentence embedder `spec` names (folder, `minilm`, repo id), resolved with progress and loaded. */
export async function loadEmbedderForCli(spec: string, flags: ModelSourceFlags): Promise<SentenceTransformerEmbedder> {
  const source = await resolveForCli(spec, 'embedder', '--embedder', flags);
  const { loadSentenceTransformer } = await import('../models/text/index.js');
  return loadSentenceTransformer(source.dir, source.embedderModelFile ? { modelFile: source.embedderModelFile } : {});
}

/** Turns model events into progress bars and one-line notes on stderr, in the order they happen. */
export class ModelReporter {
  private bar: ProgressBar | undefined;
  private barKind = '';
  private started = 0;
  private queue: Promise<void> = Promise.resolve();

  report(event: ModelEvent): void {
    this.queue = this.queue.then(() => this.show(event));
  }

  /** Waits for every reported event to be shown, then closes the bar. */
  async stop(): Promise<void> {
    await this.queue;
    this.closeBar();
  }

  private async show(event: ModelEvent): Promise<void> {
    if (event.type === 'plan') {
      if (event.toFetch === 0) return;
      const of = event.toFetch === event.files ? `${event.files} files` : `${event.toFetch} of ${event.files} files`;
      process.stderr.write(`owseg: downloading ${event.model} at commit ${event.commit.slice(0, 12)}: ${of}, ${formatBytes(event.bytesToFetch)}\n`);
    } else if (event.type === 'progress') {
      const bar = await this.barFor('download', 'downloading {model} [{bar}] {percentage}% | {doneBytes} / {totalBytes} | {rate} | eta {eta_formatted}');
      const seconds = (Date.now() - this.started) / 1000;
      bar.update(event.done, event.total, { model: event.model, doneBytes: formatBytes(event.done), totalBytes: formatBytes(event.total), rate: seconds > 0 ? `${formatBytes(event.done / seconds)}/s` : '' });
    } else if (event.type === 'convert') {
      const bar = await this.barFor('convert', 'converting {model} into an owseg pack [{bar}] {percentage}% | {file} | eta {eta_formatted}');
      bar.update(event.progress.done, event.progress.total, { model: event.model, file: event.progress.file });
    } else {
      this.closeBar();
      const note = event.type === 'warning' ? `warning: ${event.message}` : event.type === 'wait' ? `waiting for another owseg process downloading ${event.file}` : `waiting for another owseg process converting ${event.model}`;
      process.stderr.write(`owseg: ${note}\n`);
    }
  }

  private closeBar(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.barKind = '';
  }

  private async barFor(kind: string, format: string): Promise<ProgressBar> {
    if (this.bar && this.barKind === kind) return this.bar;
    this.closeBar();
    this.bar = await progressBar(format);
    this.barKind = kind;
    this.started = Date.now();
    return this.bar;
  }
}
