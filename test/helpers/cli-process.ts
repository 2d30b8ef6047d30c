/**
 * The built `owseg` CLI as a long-running subprocess (a worker, a batch run to be killed): its
 * stdout lines can be awaited, and its exit awaited or forced.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Resolves with the first stdout line (so far or to come) matching `pattern`; rejects if the process exits first. */
  line(pattern: RegExp): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal) and stderr. */
  exited: Promise<{ code: number | null; stderr: string }>;
}

export function startOwseg(...args: string[]): CliProcess {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const check = () => {
    const lines = out.split('\n');
    for (const waiter of [...waiters]) {
      const found = lines.find((line) => waiter.pattern.test(line));
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stderr: err })));
  return {
    child,
    stdout: () => out,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        check();
        void exited.then(({ code, stderr }) => reject(new Error(`owseg ${args[0]} exited (${code}) before printing ${pattern}:\n${out}\n${stderr}`)));
      }),
    exited,
  };
}
