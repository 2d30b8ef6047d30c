/**
 * What a user may write where owseg takes a model: a local folder, a short name (`slimsam`) or a
 * Hub repo id (`org/name`), either of the last two with `@revision`. A folder that exists wins.
 */
import { statSync } from 'node:fs';
import { InvalidInputError } from '../core/errors.js';
import { MODEL_NAMES, modelName, nameOfRepo } from './names.js';

export type ModelSpec =
  | { kind: 'folder'; path: string }
  | { kind: 'hub'; repo: string; revision: string; /** The short name used, or the one registered for the repo. */ name?: string };

/** huggingface_hub's repo id rule: one owner and one name of letters, digits, `-`, `_`, `.`; no `--` or `..`. */
const REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;
const COMMIT = /^[0-9a-f]{40}$/;

export const DEFAULT_REVISION = 'main';

export function isCommitHash(revision: string): boolean {
  return COMMIT.test(revision);
}

/** Parses `spec`; `field` names the option in errors (e.g. `--sam`). */
export function parseModelSpec(spec: string, field = 'model'): ModelSpec {
  if (typeof spec !== 'string' || spec.trim() === '') throw new InvalidInputError(field, 'a folder, a model name or a Hub repo id', `got ${JSON.stringify(spec)}`);
  if (isDirectory(spec)) return { kind: 'folder', path: spec };
  const at = spec.indexOf('@');
  const id = at < 0 ? spec : spec.slice(0, at);
  const revision = at < 0 ? DEFAULT_REVISION : spec.slice(at + 1);
  if (at >= 0 && !validRevision(revision)) {
    throw new InvalidInputError(field, 'a revision after @: a branch, tag or 40-hex commit', `got ${JSON.stringify(revision)}`);
  }
  const named = modelName(id);
  if (named) return { kind: 'hub', repo: named.repo, revision, name: named.name };
  if (REPO_ID.test(id) && !id.includes('--') && !id.includes('..')) {
    const registered = nameOfRepo(id);
    return { kind: 'hub', repo: id, revision, ...(registered ? { name: registered.name } : {}) };
  }
  const names = MODEL_NAMES.map((entry) => entry.name).join(', ');
  const detail = looksLikePath(spec) ? `no such folder: ${spec}` : `${JSON.stringify(spec)} is neither a folder here, nor one of ${names}, nor org/name`;
  throw new InvalidInputError(field, 'a model folder, a model name or a Hub repo id (org/name[@revision])', detail);
}

/** How a spec reads in messages: `slimsam (Xenova/slimsam-77-uniform@main)`. */
export function describeSpec(spec: ModelSpec): string {
  if (spec.kind === 'folder') return spec.path;
  const at = spec.revision === DEFAULT_REVISION ? '' : `@${spec.revision}`;
  return spec.name ? `${spec.name} (${spec.repo}${at})` : `${spec.repo}${at}`;
}

function validRevision(revision: string): boolean {
  return revision.length > 0 && revision.length <= 255 && !revision.split('/').some((part) => part === '' || part === '.' || part === '..') && !/[\s\\~^:?*[]/.test(revision);
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('~') || spec.split('/').length > 2 || spec.includes('\\');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
