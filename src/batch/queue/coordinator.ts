/**
 * Distributed batch execution, coordinator side: one BullMQ job per picture (idempotent ids), then
 * the finished and finally-failed jobs are collected from Redis into the run's folder. A job is
 * removed from Redis only after its outcome is journalled, so a coordinator stopped at any point
 * loses nothing: the next one re-adds nothing that exists, collects what finished meanwhile and
 * removes the jobs its predecessor journalled but had not yet removed.
 */
import { readFile, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, type Job } from 'bullmq';
import { InvalidInputError } from '../../core/errors.js';
import type { BatchImage } from '../inputs.js';
import type { Executor, ResultSink } from '../run-batch.js';
import type { BatchSettings } from '../settings.js';
import { redisConnection, type QueueConnection } from './connection.js';
import { batchJobId, JOB_NAME, type BatchJobData, type BatchJobResult } from './job.js';

export interface CoordinatorOptions extends QueueConnection {
  /** Tries per job before it goes to the failed list (a worker dying mid-job counts as a stall, not a try). */
  attempts: number;
  /** First retry delay in ms; it doubles each retry. */
  backoffMs: number;
  /** Pictures up to this many bytes travel inside the job; larger ones by path, which every worker must be able to read. */
  inlineMaxBytes: number;
  /** How often Redis is asked for finished jobs, in ms. */
  pollMs?: number;
  /** Called once every picture has its job (jobs already in Redis are kept, not added again). */
  onEnqueued?: (count: number) => void;
}

const ADD_CHUNK = 200;
const CONNECT_TIMEOUT_MS = 10_000;
const PAGE = 500;

export function queueExecutor(settings: BatchSettings, options: CoordinatorOptions): Executor {
  return async (pending, sink, journalled) => {
    const queue = new Queue<BatchJobData, BatchJobResult>(options.queueName, { connection: redisConnection(options.url) });
    try {
      await reachable(queue, options.url);
      // A coordinator stopped between journalling a job and removing it leaves the job behind.
      for (const image of journalled) await queue.remove(batchJobId(settings, image.key));
      const waiting = new Map(pending.map((image) => [batchJobId(settings, image.key), image]));
      for (let start = 0; start < pending.length; start += ADD_CHUNK) {
        const chunk = pending.slice(start, start + ADD_CHUNK);
        await queue.addBulk(await Promise.all(chunk.map((image) => jobFor(settings, image, options))));
      }
      options.onEnqueued?.(pending.length);
      while (waiting.size > 0) {
        const collected = await collect(queue, waiting, sink);
        if (collected === 0) await sleep(options.pollMs ?? 200);
      }
    } finally {
      await queue.close();
    }
  };
}

/** The coordinator has no use without Redis: say so rather than wait for it forever, as workers do. */
async function reachable(queue: Queue<BatchJobData, BatchJobResult>, url: string): Promise<void> {
  let lastError = '';
  // Without a listener every failed reconnection would be printed as a stack trace.
  queue.on('error', (error) => (lastError = error.message));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InvalidInputError('--queue', 'a Redis that answers', `no answer from ${url} within ${CONNECT_TIMEOUT_MS / 1000} s${lastError ? `: ${lastError}` : ''}`)),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([queue.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function jobFor(settings: BatchSettings, image: BatchImage, options: CoordinatorOptions) {
  const size = options.inlineMaxBytes > 0 ? (await stat(image.path).catch(() => undefined))?.size : undefined;
  const inline = size !== undefined && size <= options.inlineMaxBytes ? (await readFile(image.path)).toString('base64') : undefined;
  return {
    name: JOB_NAME,
    data: { settings, image, ...(inline === undefined ? {} : { inline }) },
    opts: { jobId: batchJobId(settings, image.key), attempts: options.attempts, backoff: { type: 'exponential', delay: options.backoffMs }, removeOnComplete: false, removeOnFail: false },
  };
}

/** Journals and removes this run's completed and failed jobs; returns how many. */
async function collect(queue: Queue<BatchJobData, BatchJobResult>, waiting: Map<string, BatchImage>, sink: ResultSink): Promise<number> {
  let collected = 0;
  for (const state of ['completed', 'failed'] as const) {
    for (const job of await ownJobs(queue, state, waiting)) {
      const image = waiting.get(job.id!)!;
      const by = { attempts: job.attemptsMade, stalls: job.stalledCounter };
      if (state === 'completed') await sink.done(image, job.returnvalue.result, { worker: job.returnvalue.worker, ...by });
      else await sink.failed(image, job.failedReason, by);
      waiting.delete(job.id!);
      await job.remove();
      collected++;
    }
  }
  return collected;
}

/** The jobs in `state` that belong to this run (other runs may share the queue). */
async function ownJobs(queue: Queue<BatchJobData, BatchJobResult>, state: 'completed' | 'failed', waiting: Map<string, BatchImage>): Promise<Job<BatchJobData, BatchJobResult>[]> {
  const own: Job<BatchJobData, BatchJobResult>[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getJobs(state, start, start + PAGE - 1, true);
    own.push(...page.filter((job) => job.id !== undefined && waiting.has(job.id)));
    if (page.length < PAGE) return own;
  }
}
