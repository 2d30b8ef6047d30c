/**
 * Distributed batch execution, worker side: takes picture jobs from the BullMQ queue and returns
 * each picture's owseg result. Models are loaded on the first job of a run and kept for the next
 * ones. A picture owseg cannot read fails at once; any other error is retried with backoff.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import { InvalidInputError } from '../../core/errors.js';
import { openProcessor, type ImageProcessor } from '../processor.js';
import { processName } from '../run-batch.js';
import { settingsFingerprint, type BatchModel, type BatchSettings } from '../settings.js';
import { redisConnection, type QueueConnection } from './connection.js';
import type { BatchJobData, BatchJobResult } from './job.js';

export interface QueueWorkerOptions extends QueueConnection {
  /** Jobs this process runs at once. */
  concurrency: number;
  /** ONNX Runtime threads per operator. */
  threads?: number;
  /** This machine's copies of the models, used instead of the folders the coordinator named. */
  sam?: Pick<BatchModel, 'dir' | 'samVariant'>;
  model?: Pick<BatchModel, 'dir'>;
  /** BullMQ: a job whose worker stops renewing its lock for this long (ms) is considered stalled. */
  lockDuration?: number;
  /** BullMQ: how often (ms) this worker looks for stalled jobs and puts them back in the queue. */
  stalledInterval?: number;
  /** BullMQ: stalls a job may have before it fails. */
  maxStalledCount?: number;
  onJob?: (event: { type: 'start' | 'done' | 'failed'; key: string; id: string; reason?: string }) => void;
  /** Connection trouble; the worker keeps reconnecting meanwhile. */
  onError?: (error: Error) => void;
}

export interface QueueWorker {
  /** Finishes the jobs in hand, then stops. */
  close(): Promise<void>;
}

export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const processors = new Map<string, Promise<ImageProcessor>>();
  const processorFor = async (settings: BatchSettings) => {
    const local = withLocalModels(settings, options);
    const key = JSON.stringify([settingsFingerprint(local), local.sam?.dir, local.model?.dir]);
    if (!processors.has(key)) processors.set(key, openProcessor(local, options.threads === undefined ? {} : { threads: options.threads }));
    try {
      return await processors.get(key)!;
    } catch (error) {
      // Models this machine cannot load say nothing about the picture: the job is retried, here or elsewhere.
      processors.delete(key);
      throw new Error(`this worker cannot load the models: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const worker = new Worker<BatchJobData, BatchJobResult>(
    options.queueName,
    async (job) => {
      const { settings, image, inline } = job.data;
      options.onJob?.({ type: 'start', key: image.key, id: job.id! });
      const processor = await processorFor(settings);
      try {
        const result = await processor.process(image, inline === undefined ? undefined : Buffer.from(inline, 'base64'));
        options.onJob?.({ type: 'done', key: image.key, id: job.id! });
        return { result, worker: processName() };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        options.onJob?.({ type: 'failed', key: image.key, id: job.id!, reason });
        // Trying a picture owseg cannot read again would only fail again.
        throw error instanceof InvalidInputError ? new UnrecoverableError(reason) : error;
      }
    },
    {
      connection: redisConnection(options.url),
      concurrency: options.concurrency,
      ...(options.lockDuration === undefined ? {} : { lockDuration: options.lockDuration }),
      ...(options.stalledInterval === undefined ? {} : { stalledInterval: options.stalledInterval }),
      ...(options.maxStalledCount === undefined ? {} : { maxStalledCount: options.maxStalledCount }),
    },
  );
  worker.on('error', (error) => options.onError?.(error));
  return {
    close: async () => {
      await worker.close();
      for (const processor of processors.values()) await (await processor.catch(() => undefined))?.release();
    },
  };
}

function withLocalModels(settings: BatchSettings, options: QueueWorkerOptions): BatchSettings {
  return {
    ...settings,
    ...(settings.sam && options.sam ? { sam: { ...settings.sam, dir: options.sam.dir, ...(options.sam.samVariant ? { samVariant: options.sam.samVariant } : {}) } } : {}),
    ...(settings.model && options.model ? { model: { ...settings.model, dir: options.model.dir } } : {}),
  };
}
