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

/** `model`'s record with its source folded in, as nested under another model's `extra`. */
export function nestedModelRecord(model: ResolvedModel): Record<string, unknown> {
  return { ...modelRecord(model), ...modelSourceExtra(model) };
}

/** A result file's whole `model` entry: `model`, with the other models the task used nested under `extra` by role. */
export function resultModel(model: ResolvedModel, others: Record<string, ResolvedModel | undefined> = {}): { name: string; family: string; pack: string; extra: Record<string, unknown> } {
  const nested = Object.entries(others).filter((entry): entry is [string, ResolvedModel] => entry[1] !== undefined);
  return { ...modelRecord(model), extra: { ...modelSourceExtra(model), ...Object.fromEntries(nested.map(([role, other]) => [role, nestedModelRecord(other)])) } };
}
