/**
 * Runs the built `owseg` CLI as a real subprocess, the way a user or a script calls it, and
 * reports its exit status and output.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI entry, for tests that spawn it themselves (long-running commands). */
export const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Resolves (never rejects) with the exit status, stdout and stderr of `owseg ...args`. */
export function owseg(...args: string[]): Promise<CliRun> {
  return owsegWithEnv({}, ...args);
}

/** `owseg ...args` with `env` added to this process's environment (Hub endpoint, cache folders …). */
export function owsegWithEnv(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ status, stdout, stderr });
    });
  });
}
