/**
 * One commit of a repo in the cache, with the files a family needs: found in the cache without the
 * network, or downloaded (the revision resolved to one commit first, every file fetched from it).
 */
import { listFiles, modelInfo } from '@huggingface/hub';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RepoCache, listFolderFiles } from './cache-layout.js';
import { downloadFile, type RemoteFile } from './download-file.js';
import { HubError } from './errors.js';
import { hubFetch, type RequestContext } from './http.js';
import { isCommitHash } from './model-spec.js';
import type { ModelFamily } from './names.js';
import { detectFamily, FAMILY_LABEL, selectFiles, type Dtype, type FileSelection } from './select-files.js';
import type { HubSettings } from './settings.js';

export interface Snapshot {
  repo: string;
  revision: string;
  commit: string;
  /** snapshots/<commit> in the Hub cache. */
  dir: string;
  selection: FileSelection;
  /** Bytes of the selected files. */
  bytes: number;
}

export type DownloadEvent =
  | { type: 'plan'; repo: string; commit: string; files: number; bytes: number; toFetch: number; bytesToFetch: number }
  | { type: 'progress'; done: number; total: number }
  | { type: 'wait'; file: string };

/**
 * The cached snapshot `revision` names, when every file `family` needs is there; otherwise
 * `missing` says what is not (for the offline error).
 */
export async function findCachedSnapshot(settings: HubSettings, repo: string, revision: string, family: ModelFamily | undefined, dtype: Dtype): Promise<Snapshot | { missing: string }> {
  const cache = new RepoCache(settings.cacheDir, repo);
  const commit = await cache.commitOf(revision);
  if (!commit) return { missing: `no ${isCommitHash(revision) ? 'snapshot' : `refs/${revision}`} under ${cache.root}` };
  const dir = cache.snapshotDir(commit);
  const listing = await listFolderFiles(dir);
  if (listing.length === 0) return { missing: `snapshot ${commit} is empty or absent` };
  const paths = listing.map((f) => f.path);
  const chosenFamily = family ?? detectFamily(paths);
  if (!chosenFamily) return { missing: `snapshot ${commit} holds no model owseg can run` };
  let selection: FileSelection;
  try {
    selection = selectFiles(chosenFamily, paths, dtype, `${repo}@${commit.slice(0, 12)} in the cache`);
  } catch (error) {
    if (error instanceof HubError) return { missing: error.message };
    throw error;
  }
  const missingShards = await missingIndexedShards(dir, paths);
  if (missingShards.length > 0) return { missing: `shards ${missingShards.join(', ')} are not downloaded` };
  const sizes = new Map(listing.map((f) => [f.path, f.bytes]));
  return { repo, revision, commit, dir, selection, bytes: selection.files.reduce((sum, f) => sum + (sizes.get(f) ?? 0), 0) };
}

/**
 * Resolves `revision` to one commit, lists that commit's files, and downloads the ones `family`
 * needs (all of them when `family` is undefined and none can be detected is an error).
 */
export async function downloadSnapshot(
  settings: HubSettings,
  repo: string,
  revision: string,
  family: ModelFamily | undefined,
  dtype: Dtype,
  onEvent: (event: DownloadEvent) => void = () => undefined,
): Promise<Snapshot & { fetched: number }> {
  const context: RequestContext = { repo, revision };
  const boundFetch = ((input: string | URL | Request, init?: RequestInit) => hubFetch(settings, String(input), context, init)) as typeof fetch;
  const commit = isCommitHash(revision) ? revision : await resolveCommit(settings, repo, revision, boundFetch);
  const entries: RemoteFile[] = [];
  for await (const entry of listFiles({ repo, revision: commit, recursive: true, hubUrl: settings.endpoint, fetch: boundFetch })) {
    if (entry.type !== 'file') continue;
    const etag = entry.lfs?.oid ?? entry.oid;
    if (!etag) throw new HubError('protocol', `${settings.endpoint} listed ${repo}@${commit}: ${entry.path} with neither an oid nor an lfs.oid`);
    entries.push({ path: entry.path, bytes: entry.lfs?.size ?? entry.size, etag, digest: entry.lfs ? 'sha256' : 'git-sha1' });
  }
  const where = `${repo}@${commit.slice(0, 12)}`;
  const paths = entries.map((e) => e.path);
  const chosenFamily = family ?? detectFamily(paths);
  if (!chosenFamily) throw new HubError('protocol', `${where} holds no model owseg can run (none of: ${Object.values(FAMILY_LABEL).join(', ')})`);
  const selection = selectFiles(chosenFamily, paths, dtype, where);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const files = selection.files.map((path) => byPath.get(path)!);

  const cache = new RepoCache(settings.cacheDir, repo);
  const cachedSizes = new Map((await listFolderFiles(cache.snapshotDir(commit))).map((f) => [f.path, f.bytes]));
  const missing = files.filter((file) => cachedSizes.get(file.path) !== file.bytes);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  const bytesToFetch = missing.reduce((sum, f) => sum + f.bytes, 0);
  onEvent({ type: 'plan', repo, commit, files: files.length, bytes: total, toFetch: missing.length, bytesToFetch });
  let done = total - bytesToFetch;
  let fetched = 0;
  for (const file of missing) {
    fetched += await downloadFile(settings, cache, commit, file, {
      onBytes: (delta) => {
        done += delta;
        onEvent({ type: 'progress', done, total });
      },
      onWait: () => onEvent({ type: 'wait', file: file.path }),
    });
  }
  await cache.writeRef(revision, commit);
  return { repo, revision, commit, dir: cache.snapshotDir(commit), selection, bytes: total, fetched };
}

async function resolveCommit(settings: HubSettings, repo: string, revision: string, boundFetch: typeof fetch): Promise<string> {
  const info = await modelInfo({ name: repo, revision, hubUrl: settings.endpoint, fetch: boundFetch, additionalFields: ['sha'] });
  if (typeof info.sha !== 'string' || !isCommitHash(info.sha)) {
    throw new HubError('protocol', `${settings.endpoint} gave no commit for ${repo}@${revision} (sha: ${JSON.stringify(info.sha)})`);
  }
  return info.sha;
}

/** Shards model.safetensors.index.json names that the snapshot lacks. */
export async function missingIndexedShards(dir: string, paths: readonly string[]): Promise<string[]> {
  if (!paths.includes('model.safetensors.index.json')) return [];
  try {
    const index = JSON.parse(await readFile(join(dir, 'model.safetensors.index.json'), 'utf8')) as { weight_map?: Record<string, string> };
    return [...new Set(Object.values(index.weight_map ?? {}))].filter((shard) => !paths.includes(shard)).sort();
  } catch {
    return [];
  }
}
