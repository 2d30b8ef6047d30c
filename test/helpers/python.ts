/**
 * Runs the independent Python oracles under tools/reference/ with Debian's python3 (numpy, PIL):
 * JSON on stdin, JSON on stdout, so tests compare owseg with code that shares none of its source.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** Debian's interpreter, where apt-get installs python3-numpy; override with OWSEG_PYTHON. */
const python = process.env.OWSEG_PYTHON ?? '/usr/bin/python3';

/** Runs `tools/reference/<script>` with `input` as JSON on stdin and returns its parsed JSON stdout. */
export function runOracle<T>(script: string, input: unknown): T {
  const stdout = execFileSync(python, [`${repoRoot}tools/reference/${script}`], {
    input: JSON.stringify(input),
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as T;
}

/** Absolute path of a file in the repository. */
export function repoPath(relative: string): string {
  return `${repoRoot}${relative}`;
}
