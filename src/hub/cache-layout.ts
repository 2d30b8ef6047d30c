/**
 * huggingface_hub's cache layout, read and written exactly as Python does so one download serves
 * both: models--org--name/{blobs/<etag>, snapshots/<commit>/<path> → ../../blobs/<etag>, refs/<revision>}.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../core/formats/json-file.js';
import { isCommitHash } from './model-spec.js';

export function repoFolderName(repo: string): string {
  return `models--${repo.split('/').join('--')}`;
}

/** The repo id of a `models--org--name` folder, or undefined for anything else (datasets, spaces, stray files). */
export function repoOfFolder(folder: string): string | undefined {
  const match = /^models--([^-].*?)--(.+)$/.exec(folder);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

export class RepoCache {
  readonly root: string;

  constructor(
    readonly cacheDir: string,
    readonly repo: string,
  ) {
    this.root = join(cacheDir, repoFolderName(repo));
  }

  blobPath(etag: string): string {
    return join(this.root, 'blobs', etag);
  }

  snapshotDir(commit: string): string {
    return join(this.root, 'snapshots', commit);
  }

  snapshotFile(commit: string, path: string): string {
    return join(this.snapshotDir(commit), ...path.split('/'));
  }

  /** owseg's download lock for one blob, beside huggingface_hub's own `.locks/<repo>/<etag>.lock` files. */
  lockPath(etag: string): string {
    return join(this.cacheDir, '.locks', repoFolderName(this.repo), `${etag}.owseg.lock`);
  }

  /** The commit `revision` names in the cache: itself when it is a commit hash, else refs/<revision>. */
  async commitOf(revision: string): Promise<string | undefined> {
    if (isCommitHash(revision)) return revision;
    try {
      const commit = (await readFile(join(this.root, 'refs', ...revision.split('/')), 'utf8')).trim();
      return isCommitHash(commit) ? commit : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records that `revision` points at `commit` (nothing to record when the revision is the commit). */
  async writeRef(revision: string, commit: string): Promise<void> {
    if (revision === commit) return;
    const path = join(this.root, 'refs', ...revision.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, commit);
  }

  /**
   * Points snapshots/<commit>/<path> at blobs/<etag> with a relative symlink, as huggingface_hub does,
   * replacing any older link in one rename so a reader never finds the path missing or half made.
   */
  async linkSnapshotFile(commit: string, path: string, etag: string): Promise<void> {
    const link = this.snapshotFile(commit, path);
    await mkdir(dirname(link), { recursive: true });
    const target = relative(dirname(link), this.blobPath(etag));
    if ((await readlink(link).catch(() => undefined)) === target) return;
    const temporary = `${link}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await symlink(target, temporary);
    try {
      await rename(temporary, link);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Commits with a snapshot folder. */
  async snapshots(): Promise<string[]> {
    const entries = await readdir(join(this.root, 'snapshots')).catch(() => [] as string[]);
    return entries.filter(isCommitHash).sort();
  }

  /** revision → commit for every ref (branch names with '/' included). */
  async refs(): Promise<Map<string, string>> {
    const refs = new Map<string, string>();
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const name = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(join(dir, entry.name), name);
        else {
          const commit = (await readFile(join(dir, entry.name), 'utf8').catch(() => '')).trim();
          if (isCommitHash(commit)) refs.set(name, commit);
        }
      }
    };
    await walk(join(this.root, 'refs'), '');
    return refs;
  }
}

export interface SnapshotFile {
  /** '/'-separated, relative to the snapshot folder. */
  path: string;
  bytes: number;
}

/** Every file under `dir` (symlinks followed, dangling ones left out), sorted by path. */
export async function listFolderFiles(dir: string): Promise<SnapshotFile[]> {
  const files: SnapshotFile[] = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
      const path = join(folder, entry.name);
      const info = await stat(path).catch(() => undefined);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (info?.isDirectory()) await walk(path, name);
      else if (info?.isFile() && !entry.name.endsWith('.tmp')) files.push({ path: name, bytes: info.size });
    }
  };
  await walk(dir, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
