/**
 * The flags `owseg batch` and `owseg worker` share: the Redis queue they meet on and the ONNX
 * Runtime threads each process uses.
 */
import type { Command } from 'commander';
import { integerFrom } from './options.js';

export interface QueueFlags {
  queue?: string;
  queueName: string;
  threads?: number;
}

/** Adds --queue (with `required`, as a mandatory option), --queue-name and --threads. */
export function addQueueOptions(command: Command, required: boolean): Command {
  const queueHelp = 'the Redis of a distributed run, e.g. redis://host:6379/0';
  if (required) command.requiredOption('--queue <url>', queueHelp);
  else command.option('--queue <url>', `${queueHelp}: enqueue one job per picture for owseg worker processes instead of running locally`);
  return command
    .option('--queue-name <name>', 'the BullMQ queue coordinator and workers share', 'owseg-batch')
    .option('--threads <n>', 'ONNX Runtime threads per process (default: the cores shared out among the local workers, or all of them)', integerFrom(1));
}
