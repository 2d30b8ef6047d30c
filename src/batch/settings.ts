/**
 * What a batch run is asked to do — the task, its options and the models — in the plain-data form
 * that crosses process and machine boundaries (child processes, queue jobs) and the journal.
 */
import { recordModel, type RecordedModel } from '../hub/model-record.js';
import type { ResolvedModel } from '../hub/index.js';
import type { EverythingOptions } from '../tasks/everything/index.js';
import type { CoverageOptions, NamingSettings } from '../tasks/dense/index.js';

export const BATCH_TASKS = ['everything', 'name', 'dense', 'ground'] as const;
export type BatchTask = (typeof BATCH_TASKS)[number];

/** A model as a worker loads it, and as result files record it (`record`: what the user asked for and the folder; `source`: where it came from). */
export interface BatchModel extends RecordedModel {
  dir: string;
  /** transformers.js file variant of a SAM folder ('quantized', 'fp16' …). */
  samVariant?: string;
}

export function batchModel(model: ResolvedModel): BatchModel {
  return { dir: model.dir, ...(model.samVariant ? { samVariant: model.samVariant } : {}), ...recordModel(model) };
}

export interface BatchNaming extends NamingSettings {
  mode: 'parallel' | 'sequential';
}

export interface BatchSettings {
  task: BatchTask;
  /** SAM: everything, dense and ground. */
  sam?: BatchModel;
  /** The InternVL model: name, dense, ground, and everything when its masks are also named. */
  model?: BatchModel;
  /** Generator options (everything, dense), only those the user set. */
  everything: EverythingOptions;
  naming: BatchNaming;
  dense: { topN: number; coverage: CoverageOptions };
  /** The text grounded in every image (ground). */
  text?: string;
  maxPixels: number;
}

/**
 * The part of the settings a result depends on. A half-done run continues only when this is
 * unchanged; the models count by the name the user gave, so a run can move to machines that keep
 * the same model in another folder.
 */
export function settingsFingerprint(settings: BatchSettings): Record<string, unknown> {
  const { task, sam, model, everything, naming, dense, text, maxPixels } = settings;
  return {
    task,
    sam: sam?.record.name ?? null,
    model: model?.record.name ?? null,
    everything: task === 'everything' || task === 'dense' ? sortedKeys(everything) : null,
    naming: model === undefined || task === 'ground' ? null : sortedKeys(naming),
    dense: task === 'dense' ? { topN: dense.topN, coverage: sortedKeys(dense.coverage) } : null,
    text: task === 'ground' ? (text ?? null) : null,
    maxPixels,
  };
}

function sortedKeys<T extends object>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
