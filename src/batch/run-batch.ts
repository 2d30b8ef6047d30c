/**
 * A batch run from start to end, whoever processes the pictures (local child processes or queue
 * workers): the journal decides what is left, each result is written and journalled as it
 * arrives, and the merged dataset file and the summary are written once nothing is left.
 */
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic, writeOwsegResult, type OwsegResult } from '../core/formats/index.js';
import type { BatchImage } from './inputs.js';
import { Journal, type JournalEntry } from './journal.js';
import { mergeResults } from './merge.js';
import { resultPath } from './result-files.js';
import { lockRun } from './run-lock.js';
import { settingsFingerprint, type BatchSettings } from './settings.js';

/** Who processed a picture, and how often it was tried (queue runs). */
export type ProcessedBy = Pick<JournalEntry, 'worker' | 'attempts' | 'stalls'>;

/** Where an executor hands each picture's outcome; calls may overlap, the sink keeps the journal in order. */
export interface ResultSink {
  done(image: BatchImage, result: OwsegResult, by: ProcessedBy): Promise<void>;
  failed(image: BatchImage, reason: string, by: ProcessedBy): Promise<void>;
}

/**
 * Processes `pending` and hands every outcome to the sink; resolves when each picture has one.
 * `journalled` are the run's pictures an earlier invocation already recorded.
 */
export type Executor = (pending: readonly BatchImage[], sink: ResultSink, journalled: readonly BatchImage[]) => Promise<void>;

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  /** Pictures finished by this run (not by an earlier one), and the seconds it has run. */
  finishedNow: number;
  seconds: number;
}

export interface BatchRunOptions {
  outDir: string;
  /** Try the pictures an earlier run recorded as failed again. */
  retryFailed?: boolean;
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchSummary {
  task: string;
  images: number;
  done: number;
  failed: { image: string; reason: string }[];
  masks: number;
  names: number;
  /** This run only: a resumed run counts what it did itself. */
  processedNow: number;
  seconds: number;
  imagesPerSecond: number;
  /** The merged dataset file; absent when no picture is done and the format cannot be empty. */
  merged?: string;
}

export const SUMMARY_FILE = 'summary.json';

export async function runBatch(images: readonly BatchImage[], settings: BatchSettings, execute: Executor, options: BatchRunOptions): Promise<BatchSummary> {
  const started = performance.now();
  await mkdir(options.outDir, { recursive: true });
  const lock = await lockRun(options.outDir);
  try {
    const journal = await Journal.open(options.outDir, settingsFingerprint(settings));
    try {
      if (options.retryFailed) journal.retryFailed();
      const pending = images.filter((image) => !journal.entries.has(image.key));
      const journalled = images.filter((image) => journal.entries.has(image.key));
      const counts = { done: 0, failed: 0 };
      for (const image of journalled) counts[journal.entries.get(image.key)!.status]++;
      let finishedNow = 0;
      const report = () => options.onProgress?.({ total: images.length, ...counts, finishedNow, seconds: (performance.now() - started) / 1000 });
      let order = Promise.resolve();
      // One outcome at a time: a result file is complete before its journal line says so.
      const record = (entry: JournalEntry, write: () => Promise<void> = async () => undefined) =>
        (order = order.then(async () => {
          await write();
          await journal.record(entry);
          counts[entry.status]++;
          finishedNow++;
          report();
        }));
      report();
      await execute(
        pending,
        {
          done: (image, result, by) =>
            record({ key: image.key, status: 'done', ...by }, async () => {
              const path = resultPath(options.outDir, image.key);
              await mkdir(dirname(path), { recursive: true });
              await writeOwsegResult(path, result);
            }),
          failed: (image, reason, by) => record({ key: image.key, status: 'failed', reason, ...by }),
        },
        journalled,
      );
      await order;
      const doneKeys = images.filter((image) => journal.entries.get(image.key)?.status === 'done').map((image) => image.key);
      const merged = await mergeResults(options.outDir, settings.task, doneKeys);
      const seconds = (performance.now() - started) / 1000;
      const summary: BatchSummary = {
        task: settings.task,
        images: images.length,
        done: doneKeys.length,
        failed: images.flatMap((image) => {
          const entry = journal.entries.get(image.key);
          return entry?.status === 'failed' ? [{ image: image.key, reason: entry.reason ?? '' }] : [];
        }),
        masks: merged.masks,
        names: merged.names,
        processedNow: finishedNow,
        seconds,
        imagesPerSecond: seconds > 0 ? finishedNow / seconds : 0,
        ...(merged.path === undefined ? {} : { merged: merged.path }),
      };
      await writeFileAtomic(join(options.outDir, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
      return summary;
    } finally {
      await journal.close();
    }
  } finally {
    await lock.release();
  }
}

/** host:pid of this process, as journal entries name who processed a picture. */
export function processName(pid = process.pid): string {
  return `${hostname()}:${pid}`;
}
