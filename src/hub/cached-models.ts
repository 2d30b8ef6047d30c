/**
 * What the caches hold, for `owseg models`: every model repo in the Hub cache that owseg can run,
 * per cached commit its size and state, and removal of a repo with its converted packs.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { listFolderFiles, RepoCache, repoFolderName, repoOfFolder } from './cache-layout.js';
import { parseModelSpec } from './model-spec.js';
import { nameOfRepo, type ModelFamily } from './names.js';
import { currentPacks, packsRoot } from './packs.js';
import type { WeightFormat } from '../models/internvl/index.js';
import { DTYPES, detectFamily, selectFiles } from './select-files.js';
import { hubSettings, type HubSettings } from './settings.js';
import { missingIndexedShards } from './snapshot.js';

/** ready: every file the family needs is there; partial: a pull did not finish; converted: ready, and the owseg pack is built. */
export type CachedState = 'ready' | 'partial' | 'converted';

export interface CachedModel {
  repo: string;
  name?: string;
  family: ModelFamily;
  commit: string;
  /** Revisions (branches, tags) pointing at this commit. */
  refs: string[];
  /** Bytes of the snapshot's files. */
  bytes: number;
  state: CachedState;
  /** For ONNX repos: the transformers.js dtypes whose files are all there. */
  dtypes: string[];
  /** InternVL: the converted packs of this commit, one per weight format, with their sizes. */
  packs: { weights: WeightFormat; dir: string; bytes: number }[];
}

export async function listCachedModels(overrides: Partial<HubSettings> = {}): Promise<CachedModel[]> {
  const settings = hubSettings(overrides);
  const folders = await readdir(settings.cacheDir).catch(() => [] as string[]);
  const out: CachedModel[] = [];
  for (const folder of folders.sort()) {
    const repo = repoOfFolder(folder);
    if (repo) out.push(...(await cachedCommits(settings, repo)));
  }
  return out;
}

async function cachedCommits(settings: HubSettings, repo: string): Promise<CachedModel[]> {
  const cache = new RepoCache(settings.cacheDir, repo);
  const refs = await cache.refs();
  const registered = nameOfRepo(repo);
  const out: CachedModel[] = [];
  for (const commit of await cache.snapshots()) {
    const files = await listFolderFiles(cache.snapshotDir(commit));
    const paths = files.map((f) => f.path);
    const family = registered?.family ?? detectFamily(paths);
    if (!family) continue;
    const dtypes = family === 'internvl' ? [] : DTYPES.filter((dtype) => selects(family, paths, dtype));
    const complete = family === 'internvl' ? selects(family, paths, 'fp32') && (await missingIndexedShards(cache.snapshotDir(commit), paths)).length === 0 : dtypes.length > 0;
    const packs = family === 'internvl' ? await currentPacks(settings.owsegCacheDir, repo, commit) : [];
    out.push({
      repo,
      ...(registered ? { name: registered.name } : {}),
      family,
      commit,
      refs: [...refs].filter(([, c]) => c === commit).map(([ref]) => ref),
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      state: packs.length > 0 ? 'converted' : complete ? 'ready' : 'partial',
      dtypes,
      packs: await Promise.all(packs.map(async (pack) => ({ ...pack, bytes: await folderBytes(pack.dir) }))),
    });
  }
  return out;
}

function selects(family: ModelFamily, paths: string[], dtype: (typeof DTYPES)[number]): boolean {
  try {
    selectFiles(family, paths, dtype, '');
    return true;
  } catch {
    return false;
  }
}

/** Removes `spec`'s repo from the Hub cache (every commit), its download locks and its converted packs. Returns the bytes freed. */
export async function removeCachedModel(spec: string, overrides: Partial<HubSettings> = {}): Promise<{ repo: string; removed: string[]; bytes: number }> {
  const parsed = parseModelSpec(spec, 'model');
  if (parsed.kind === 'folder') throw new InvalidInputError('model', 'a model name or Hub repo id in the cache', `${spec} is a local folder; remove it yourself`);
  const settings = hubSettings(overrides);
  const targets = [
    join(settings.cacheDir, repoFolderName(parsed.repo)),
    join(settings.cacheDir, '.locks', repoFolderName(parsed.repo)),
    join(packsRoot(settings.owsegCacheDir), repoFolderName(parsed.repo)),
  ];
  const removed: string[] = [];
  let bytes = 0;
  for (const target of targets) {
    if (!(await stat(target).catch(() => undefined))) continue;
    bytes += await folderBytes(target);
    await rm(target, { recursive: true, force: true });
    removed.push(target);
  }
  if (removed.length === 0) throw new InvalidInputError('model', `a model in the cache (${settings.cacheDir})`, `${spec} (${parsed.repo}) is not cached`);
  return { repo: parsed.repo, removed, bytes };
}

/** Bytes of the regular files under `dir`, without following symlinks (blobs are counted once, where they live). */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}
