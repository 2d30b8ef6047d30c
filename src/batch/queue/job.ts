/**
 * A batch queue job: one picture with the run's settings, its id derived from both so that
 * enqueuing the same run twice adds nothing, and what a worker returns for it.
 */
import { createHash } from 'node:crypto';
import type { OwsegResult } from '../../core/formats/index.js';
import type { BatchImage } from '../inputs.js';
import { settingsFingerprint, type BatchSettings } from '../settings.js';

export const JOB_NAME = 'owseg-image';

export interface BatchJobData {
  settings: BatchSettings;
  image: BatchImage;
  /** The encoded picture in base64 when it is small enough to travel inside the job. */
  inline?: string;
}

export interface BatchJobResult {
  result: OwsegResult;
  /** host:pid of the worker that produced it. */
  worker: string;
}

/** The same run and picture always give the same id; the prefix keeps it from being read as a number. */
export function batchJobId(settings: BatchSettings, key: string): string {
  const digest = createHash('sha256').update(JSON.stringify(settingsFingerprint(settings))).update('\n').update(key).digest('hex');
  return `img-${digest.slice(0, 40)}`;
}
