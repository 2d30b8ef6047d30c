/**
 * Runs a benchmark step in a fresh Node process so its time and peak memory are its own: the
 * parent's datasets and caches neither slow it down nor count against it.
 */
import { execFile } from 'node:child_process';

/**
 * The child's own peak RSS. On Linux, getrusage's maxRSS survives fork and exec, so a child of a
 * large parent would report at least the parent's RSS; VmHWM belongs to the child's own memory map.
 */
const peakRss = `
import { readFileSync as readStatusForPeakRss } from 'node:fs';
const peakRssMB = () => {
  try {
    return Number(/VmHWM:\\s+(\\d+) kB/.exec(readStatusForPeakRss('/proc/self/status', 'utf8'))[1]) / 1024;
  } catch {
    return process.resourceUsage().maxRSS / 1024;
  }
};`;

/** Runs `code` (an ES module that sets a `result` object) with `args` in argv and returns `result` plus the child's peak RSS in MB. */
export function runInChild<T>(code: string, args: string[]): Promise<T & { maxRssMB: number }> {
  const wrapped = `${peakRss}\n${code}\nconsole.log(JSON.stringify({ ...result, maxRssMB: peakRssMB() }));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', wrapped, '--', ...args], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as T & { maxRssMB: number });
    });
  });
}
