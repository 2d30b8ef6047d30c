/**
 * One coordinator per output folder: `run.lock` holds the host and process id of the run writing
 * there. A lock left by a process of this host that no longer exists (killed, crashed) is taken
 * over, so a rerun after kill -9 needs no clean-up.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors.js';

export interface RunLock {
  release(): Promise<void>;
}

export async function lockRun(outDir: string): Promise<RunLock> {
  const path = join(outDir, 'run.lock');
  const me = { host: hostname(), pid: process.pid };
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(me));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { host?: string; pid?: number };
    if (holder.host === me.host && typeof holder.pid === 'number' && !isAlive(holder.pid)) {
      await rm(path, { force: true });
      continue;
    }
    throw new InvalidInputError(`-o ${outDir}`, 'a folder no other owseg batch is writing to', `${path} says process ${holder.pid ?? '?'} on ${holder.host ?? '?'} is; delete it if that run is gone`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
