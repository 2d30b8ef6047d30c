/**
 * A lock between owseg processes on one cache entry (proper-lockfile: a lock folder whose mtime is
 * kept fresh, so a killed holder's lock goes stale): the second process waits, then reuses the work.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { delay } from './http.js';

/** A holder that stops refreshing for this long (killed, frozen) loses the lock. */
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;
const POLL_MS = 200;

/**
 * Runs `body` holding the lock at `lockPath`. While another process holds it, `onWait` is called
 * once and this one polls. If the lock is lost while `body` runs (the holder was frozen for longer
 * than the stale time), the result is still returned: every writer verifies and renames atomically.
 */
export async function withLock<T>(lockPath: string, body: () => Promise<T>, onWait?: () => void): Promise<T> {
  await mkdir(dirname(lockPath), { recursive: true });
  let waited = false;
  let release: () => Promise<void>;
  while (true) {
    try {
      release = await lockfile.lock(lockPath, { lockfilePath: lockPath, realpath: false, stale: STALE_MS, update: UPDATE_MS, retries: 0, onCompromised: () => undefined });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (!waited) onWait?.();
      waited = true;
      await delay(POLL_MS);
    }
  }
  try {
    return await body();
  } finally {
    await release().catch(() => undefined);
  }
}
