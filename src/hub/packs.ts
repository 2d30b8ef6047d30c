/**
 * Checkpoints converted once into owseg's own cache, keyed by the source commit and weight format:
 * <owseg cache>/packs/models--org--name/<commit>[-fp16|-int8|-int4]/, reused until owseg's pack format changes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertInternVLCheckpoint, internVLPackVersion, weightFormatSuffix, WEIGHT_FORMATS, type ConvertProgress, type WeightFormat } from '../models/internvl/index.js';
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

export function packDir(owsegCacheDir: string, repo: string, commit: string, weights: WeightFormat = 'fp32'): string {
  return join(packsRoot(owsegCacheDir), repoFolderName(repo), `${commit}${weightFormatSuffix(weights)}`);
}

/** The weight formats of `commit` already converted by this owseg version, with their folders. */
export async function currentPacks(owsegCacheDir: string, repo: string, commit: string): Promise<{ weights: WeightFormat; dir: string }[]> {
  const out: { weights: WeightFormat; dir: string }[] = [];
  for (const weights of WEIGHT_FORMATS) {
    const dir = packDir(owsegCacheDir, repo, commit, weights);
    if (await isCurrentPack(dir, weights)) out.push({ weights, dir });
  }
  return out;
}

/** Whether `dir` holds a pack in `weights` format this owseg can load without converting again. */
export async function isCurrentPack(dir: string, weights: WeightFormat = 'fp32'): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, 'owseg.json'), 'utf8')) as { family?: unknown; version?: unknown; weights?: { format?: unknown } };
    return manifest.family === 'internvl' && manifest.version === internVLPackVersion && (manifest.weights?.format ?? 'fp32') === weights;
  } catch {
    return false;
  }
}

/** The converted pack of `checkpointDir` (snapshot of `repo` at `commit`) in `weights` format, converting it first when needed. */
export async function ensureConvertedPack(
  owsegCacheDir: string,
  repo: string,
  commit: string,
  checkpointDir: string,
  weights: WeightFormat,
  hooks: ConvertHooks = {},
): Promise<{ dir: string; converted: boolean }> {
  const dir = packDir(owsegCacheDir, repo, commit, weights);
  if (await isCurrentPack(dir, weights)) return { dir, converted: false };
  return withLock(
    `${dir}.owseg.lock`,
    async () => {
      if (await isCurrentPack(dir, weights)) return { dir, converted: false };
      const options = { overwrite: true, weights: { format: weights }, ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}), ...(hooks.onWarning ? { onWarning: hooks.onWarning } : {}) };
      await convertInternVLCheckpoint(checkpointDir, dir, options);
      return { dir, converted: true };
    },
    hooks.onWait,
  );
}
