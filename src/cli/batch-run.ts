/**
 * What `owseg batch` does once its flags are checked: the models resolved on this machine, the
 * pictures listed, the run executed locally or through the queue with a progress bar, and the
 * summary printed.
 */
import { InvalidArgumentError } from 'commander';
import type { BatchProgress, BatchSettings, BatchSummary } from '../batch/index.js';
import type { BatchFlags } from './commands/batch.js';
import { generatorOptions } from './everything-regions.js';
import { resolveForCli } from './models.js';
import { namingOptions } from './naming.js';
import { progressBar } from './progress.js';

export async function runBatchCommand(input: string, flags: BatchFlags): Promise<void> {
  const batch = await import('../batch/index.js');
  if (flags.queue !== undefined) batch.redisConnection(flags.queue);
  const images = await batch.listBatchImages(input, { task: flags.task, ...(flags.images === undefined ? {} : { imagesDir: flags.images }) });
  const settings = await batchSettings(flags, batch.batchModel);
  const execute =
    flags.queue === undefined
      ? batch.localExecutor(settings, { workers: flags.workers, ...(flags.threads === undefined ? {} : { threads: flags.threads }) })
      : batch.queueExecutor(settings, {
          url: flags.queue,
          queueName: flags.queueName,
          attempts: flags.attempts,
          backoffMs: flags.backoff,
          inlineMaxBytes: flags.inlineMaxBytes,
          onEnqueued: (count) => console.log(`owseg batch: ${count} pictures enqueued on ${flags.queueName} at ${flags.queue}; results are collected as owseg worker processes finish them`),
        });
  const bar = await progressBar('batch [{bar}] {percentage}% | {value}/{total} images | {failed} failed | {rate} images/s | eta {eta_formatted}');
  let summary: BatchSummary;
  try {
    summary = await batch.runBatch(images, settings, execute, { outDir: flags.output, retryFailed: flags.retryFailed ?? false, onProgress: (p) => bar.update(p.done + p.failed, p.total, { failed: p.failed, rate: rate(p) }) });
  } finally {
    bar.stop();
  }
  printSummary(summary);
}

function rate(progress: BatchProgress): string {
  return progress.seconds > 0 ? (progress.finishedNow / progress.seconds).toFixed(2) : '0.00';
}

async function batchSettings(flags: BatchFlags, batchModel: typeof import('../batch/index.js').batchModel): Promise<BatchSettings> {
  const needsSam = flags.task !== 'name';
  const namingSpec = flags.model ?? flags.name;
  if (needsSam && flags.sam === undefined) throw new InvalidArgumentError(`--task ${flags.task} needs --sam <model>`);
  if (flags.task !== 'everything' && namingSpec === undefined) throw new InvalidArgumentError(`--task ${flags.task} needs --model <model>`);
  // Both models are had before any work, so a download or offline failure costs nothing.
  const sam = needsSam ? batchModel(await resolveForCli(flags.sam!, 'sam', '--sam', flags)) : undefined;
  const model = namingSpec === undefined ? undefined : batchModel(await resolveForCli(namingSpec, 'internvl', flags.model === undefined ? '--name' : '--model', flags));
  return {
    task: flags.task,
    ...(sam ? { sam } : {}),
    ...(model ? { model } : {}),
    everything: generatorOptions(flags),
    naming: namingOptions(flags),
    dense: { topN: flags.topN, coverage: { minFraction: flags.coverageFraction, maxPrompts: flags.coveragePrompts } },
    ...(flags.text === undefined ? {} : { text: flags.text }),
    maxPixels: flags.maxPixels,
  };
}

function printSummary(summary: BatchSummary): void {
  const names = summary.task === 'everything' && summary.names === 0 ? '' : `, ${summary.names} distinct names`;
  console.log(`owseg batch: ${summary.done}/${summary.images} images done, ${summary.failed.length} failed, ${summary.masks} masks${names}; ${summary.processedNow} processed in ${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(2)} images/s)`);
  for (const { image, reason } of summary.failed) console.log(`owseg batch: failed ${image}: ${reason}`);
  console.log(summary.merged === undefined ? 'owseg batch: no picture done, no merged file' : `owseg batch: merged → ${summary.merged}`);
}
