/**
 * Hub figures for `npm run bench`: pulling one large LFS file from the fake Hub on 127.0.0.1, in a
 * process of its own (HTTP, the CDN redirect, sha256 while streaming, the write into blobs/, rename
 * and link), against a plain streamed copy of the same bytes from disk to disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { pullModel } from '../src/hub/index.js';
import { timeOnce, type BenchSuite, type Figure } from './harness.js';

/** Size of the weight file in MiB (OWSEG_BENCH_HUB_MB); default 1024, about a SAM ViT-L encoder. */
const SIZE_MB = Number(process.env.OWSEG_BENCH_HUB_MB ?? 1024);
/** Pull and copy alternate RUNS times; the figures are medians, the note gives the spread of the per-run ratios. */
const RUNS = 5;

export const hubSuite: BenchSuite = {
  name: 'hub',
  async run(): Promise<Figure[]> {
    const dir = await mkdtemp(join(tmpdir(), 'owseg-bench-hub-'));
    let server: ChildProcess | undefined;
    try {
      const weights = join(dir, 'weights.onnx_data');
      const sha256 = await writeRandomFile(weights, SIZE_MB * 1024 * 1024);
      server = spawn(process.execPath, [fileURLToPath(new URL('./hub-server.js', import.meta.url)), 'bench/big-sam', weights, String(SIZE_MB * 1024 * 1024), sha256], { stdio: ['pipe', 'pipe', 'inherit'] });
      const [line] = (await once(server.stdout!, 'data')) as [Buffer];
      const endpoint = line.toString().trim();
      const pulls: number[] = [];
      const copies: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const cacheRoot = join(dir, `cache-${run}`);
        // Dirty pages of the previous step are written back before each timed step, not during it.
        execFileSync('sync');
        pulls.push(await timeOnce(() => pullModel('bench/big-sam', { hub: { endpoint, cacheDir: join(cacheRoot, 'hub'), owsegCacheDir: join(cacheRoot, 'owseg'), offline: false } })));
        await rm(cacheRoot, { recursive: true, force: true });
        await mkdir(join(dir, 'copy'), { recursive: true });
        execFileSync('sync');
        copies.push(await timeOnce(() => pipeline(createReadStream(weights, { highWaterMark: 1 << 20 }), createWriteStream(join(dir, 'copy', 'weights'), { highWaterMark: 1 << 20 }))));
        await rm(join(dir, 'copy'), { recursive: true, force: true });
      }
      const mbPerSecond = (seconds: number) => SIZE_MB / seconds;
      return [
        {
          name: 'pull from a Hub on 127.0.0.1',
          unit: 'MiB/s',
          value: mbPerSecond(median(pulls)),
          baseline: { name: 'streamed copy of the same bytes, disk to disk', value: mbPerSecond(median(copies)) },
          note: `${SIZE_MB} MiB LFS file plus a small SAM repo, medians of ${RUNS} alternating runs (per-run ratios ${spread(pulls, copies)}); sha256 verified while streaming`,
        },
      ];
    } finally {
      server?.stdin?.end();
      if (server) await once(server, 'exit');
      await rm(dir, { recursive: true, force: true });
    }
  },
};

async function writeRandomFile(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  try {
    const block = randomBytes(1 << 22);
    for (let written = 0; written < bytes; written += block.byteLength) {
      const chunk = block.subarray(0, Math.min(block.byteLength, bytes - written));
      // Every block differs, so no layer can take a shortcut on repeated content.
      chunk.writeUInt32LE(written / block.byteLength, 0);
      hash.update(chunk);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Lowest and highest ratio of a pull's throughput to the copy measured right after it. */
function spread(pulls: number[], copies: number[]): string {
  const ratios = pulls.map((pull, i) => copies[i]! / pull);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;
}
