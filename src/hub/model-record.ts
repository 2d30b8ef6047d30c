/**
 * How a resolved model is recorded in owseg result files (`model` and its `extra`), the same for
 * every front end and for batch runs.
 */
import type { ResolvedModel } from './resolve.js';

/** The result file's `model` entry: what the user asked for and the folder that was loaded. */
export function modelRecord(model: ResolvedModel): { name: string; family: string; pack: string } {
  return { name: model.spec, family: model.family, pack: model.dir };
}

/** Where a Hub model came from, for the result file's `model.extra`. */
export function modelSourceExtra(model: ResolvedModel): Record<string, unknown> {
  if (model.source === 'folder') return {};
  return { repo: model.repo, revision: model.revision, commit: model.commit, ...(model.dtype ? { dtype: model.dtype } : {}), ...(model.weights ? { weights: model.weights } : {}) };
}

/** A model as result files record it, kept apart from the model so it can travel (batch settings, queue jobs). */
export interface RecordedModel {
  record: { name: string; family: string; pack: string };
  source: Record<string, unknown>;
}

export function recordModel(model: ResolvedModel): RecordedModel {
  return { record: modelRecord(model), source: modelSourceExtra(model) };
}

/** A result file's whole `model` entry: `model`, with the other models the task used nested under `extra` by role. */
export function resultModelEntry(model: RecordedModel, others: Record<string, RecordedModel | undefined> = {}): { name: string; family: string; pack: string; extra: Record<string, unknown> } {
  const nested = Object.entries(others).filter((entry): entry is [string, RecordedModel] => entry[1] !== undefined);
  return { ...model.record, extra: { ...model.source, ...Object.fromEntries(nested.map(([role, other]) => [role, { ...other.record, ...other.source }])) } };
}

/** {@link resultModelEntry} for resolved models. */
export function resultModel(model: ResolvedModel, others: Record<string, ResolvedModel | undefined> = {}): ReturnType<typeof resultModelEntry> {
  return resultModelEntry(recordModel(model), Object.fromEntries(Object.entries(others).map(([role, other]) => [role, other === undefined ? undefined : recordModel(other)])));
}
