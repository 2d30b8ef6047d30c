/**
 * `owseg worker --queue redis://…`: processes the picture jobs of distributed `owseg batch` runs
 * until stopped (SIGINT/SIGTERM finish the jobs in hand first). Run one or more on any machine.
 */
import type { Command } from 'commander';
import { action } from '../action.js';
import { ExitCode } from '../exit-codes.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { integerFrom } from '../options.js';
import { addQueueOptions, type QueueFlags } from '../queue-options.js';

interface WorkerFlags extends ModelSourceFlags, QueueFlags {
  queue: string;
  concurrency: number;
  sam?: string;
  model?: string;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
}

export function registerWorker(program: Command): void {
  const command = program
    .command('worker')
    .description('process the jobs of distributed owseg batch runs from a Redis queue (see docs/batch.md)')
    .option('--concurrency <n>', 'jobs this process runs at once', integerFrom(1), 1)
    .option('--sam <model>', `${modelHelp('this machine\'s SAM model', 'sam-vit-base, slimsam')} (default: the folder the coordinator named)`)
    .option('--model <model>', `${modelHelp('this machine\'s InternVL model', 'wowseg-1b')} (default: the folder the coordinator named)`)
    .option('--lock-duration <ms>', 'a job whose worker stops renewing its lock this long is stalled, and is given to another worker', integerFrom(1), 30_000)
    .option('--stalled-interval <ms>', 'how often this worker looks for stalled jobs', integerFrom(1), 30_000)
    .option('--max-stalled <n>', 'stalls (worker died mid-job) a job may have before it fails', integerFrom(0), 1);
  addModelSourceOptions(addQueueOptions(command, true)).action(
    action(async (flags: WorkerFlags) => {
      const { redisConnection, startQueueWorker } = await import('../../batch/index.js');
      redisConnection(flags.queue);
      const sam = flags.sam === undefined ? undefined : await resolveForCli(flags.sam, 'sam', '--sam', flags);
      const model = flags.model === undefined ? undefined : await resolveForCli(flags.model, 'internvl', '--model', flags);
      let lastError = '';
      const worker = startQueueWorker({
        url: flags.queue,
        queueName: flags.queueName,
        concurrency: flags.concurrency,
        ...(flags.threads === undefined ? {} : { threads: flags.threads }),
        ...(sam ? { sam: { dir: sam.dir, ...(sam.samVariant ? { samVariant: sam.samVariant } : {}) } } : {}),
        ...(model ? { model: { dir: model.dir } } : {}),
        lockDuration: flags.lockDuration,
        stalledInterval: flags.stalledInterval,
        maxStalledCount: flags.maxStalled,
        onJob: ({ type, key, id, reason }) => console.log(`owseg worker: ${type} ${key} (job ${id})${reason === undefined ? '' : `: ${reason}`}`),
        onError: (error) => {
          // Reconnection repeats the same error every few seconds: say it once until it changes.
          if (error.message !== lastError) console.error(`owseg worker: ${error.message} (retrying)`);
          lastError = error.message;
        },
      });
      console.log(`owseg worker: pid ${process.pid} waiting for jobs on ${flags.queueName} at ${flags.queue}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      console.log('owseg worker: stopping after the jobs in hand (signal again to stop now)');
      // A second signal must not wait on jobs or on a Redis that is gone: their jobs are retried after the stall interval.
      const now = () => process.exit(ExitCode.failure);
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      await worker.close();
    }),
  );
}
