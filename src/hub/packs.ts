/**
 * Checkpoints converted once into owseg's own cache, keyed by the source commit:
 * <owseg cache>/packs/models--org--name/<commit>/, reused until owseg's pack format changes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertInternVLCheckpoint, internVLPackVersion, type ConvertProgress } from '../models/internvl/index.js';
import { repoFolderName } from './cache-layout.js';
import { withLock } from './lock.js';

export interface ConvertHooks {
  onProgress?: (progress: ConvertProgress) => void;
  onWarning?: (message: string) => void;
  /** Another owseg process is converting the same checkpoint; this one waits for it. */
  onWait?: () => void;
}

export function packsRoot(owsegCacheDir: string): string {
  return join(owsegCacheDir, 'packs');
}

export function packDir(owsegCacheDir: string, repo: string, commit: string): string {
  return join(packsRoot(owsegCacheDir), repoFolderName(repo), commit);
}

/** Whether `dir` holds a pack this owseg can load without converting again. */
export async function isCurrentPack(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'owseg.json'), 'utf8')) as { family?: unknown; version?: unknown };
    return manifest.family === 'internvl' && manifest.version === internVLPackVersion;
  } catch {
    return false;
  }
}

/** The converted pack of `checkpointDir` (snapshot of `repo` at `commit`), converting it first when needed. */
export async function ensureConvertedPack(owsegCacheDir: string, repo: string, commit: string, checkpointDir: string, hooks: ConvertHooks = {}): Promise<{ dir: string; converted: boolean }> {
  const dir = packDir(owsegCacheDir, repo, commit);
  if (await isCurrentPack(dir)) return { dir, converted: false };
  return withLock(
    `${dir}.owseg.lock`,
    async () => {
      if (await isCurrentPack(dir)) return { dir, converted: false };
      const options = { overwrite: true, ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}), ...(hooks.onWarning ? { onWarning: hooks.onWarning } : {}) };
      await convertInternVLCheckpoint(checkpointDir, dir, options);
      return { dir, converted: true };
    },
    hooks.onWait,
  );
}
