/**
 * `serve` figures for `npm run bench`: autocannon's 20 clients posting a small picture to
 * /v1/segment of a server on tiny packs (loopback only, 2,000 requests), against the same
 * everything-mode calls made in-process one after another; latency, 5xx count and the server's RSS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { loadImage } from '../src/core/image/index.js';
import { loadSam, writeTinySamPack } from '../src/models/sam/index.js';
import { generateEverything, samPredictor } from '../src/tasks/everything/index.js';
import type { BenchSuite, Figure } from './harness.js';

const CLIENTS = 20;
const REQUESTS = 2000;
const WARM_UP = 200;
const OPTIONS = { pointsPerSide: 4 };

export const serveSuite: BenchSuite = {
  name: 'serve',
  async run(): Promise<Figure[]> {
    const dir = await mkdtemp(join(tmpdir(), 'owseg-bench-serve-'));
    try {
      const sam = join(dir, 'sam');
      await writeTinySamPack(sam, { layout: 'transformers-sam', seed: 1 });
      const picture = await sharp(await readFile(new URL('../../examples/scene.png', import.meta.url))).resize(64, 48).png().toBuffer();
      const direct = await inProcessRate(sam, picture);
      const child = fork(new URL('./serve-child.js', import.meta.url), [sam, String(CLIENTS)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      try {
        const { url } = await reply<{ url: string }>(child);
        const target = `${url}/v1/segment?pointsPerSide=${OPTIONS.pointsPerSide}`;
        const request = { method: 'POST' as const, headers: { 'content-type': 'image/png' }, body: picture };
        await autocannon({ url: target, connections: CLIENTS, amount: WARM_UP, ...request });
        const rssBefore = await rssAfterGc(child);
        const result = await autocannon({ url: target, connections: CLIENTS, amount: REQUESTS, timeout: 60, ...request });
        const rssAfter = await rssAfterGc(child);
        const ok = result['2xx'];
        const fiveXx = result['5xx'];
        const note = `${CLIENTS} clients, ${REQUESTS} requests, ${ok} × 200, ${fiveXx} × 5xx, ${result.non2xx} non-2xx, ${result.errors} errors; tiny SAM, 64×48 PNG, pointsPerSide ${OPTIONS.pointsPerSide}`;
        return [
          { name: 'segment over HTTP', unit: 'req/s', value: result.requests.average, baseline: { name: 'the same calls in-process, one by one', value: direct }, note },
          { name: 'latency p50', unit: 'ms', value: result.latency.p50, baseline: { name: 'in-process call', value: 1000 / direct }, note: `p99 ${result.latency.p99} ms; with ${CLIENTS} clients a request mostly waits its turn in the queue` },
          { name: 'server RSS after 2,000 requests', unit: 'MB', value: rssAfter / 1e6, baseline: { name: `after ${WARM_UP} warm-up requests`, value: rssBefore / 1e6 }, note: `growth ${(((rssAfter - rssBefore) / rssBefore) * 100).toFixed(1)} %, each after a full garbage collection` },
        ];
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/** Everything-mode calls per second on the same picture, decoded once per call as the server does. */
async function inProcessRate(samDir: string, picture: Buffer): Promise<number> {
  const sam = await loadSam(samDir);
  try {
    const run = async () => generateEverything(samPredictor(sam), await loadImage(picture), OPTIONS);
    for (let i = 0; i < 10; i++) await run();
    const calls = 200;
    const start = performance.now();
    for (let i = 0; i < calls; i++) await run();
    return (calls * 1000) / (performance.now() - start);
  } finally {
    await sam.release();
  }
}

/** The child's next IPC message. */
function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', () => reject(new Error('the bench server exited early')));
  });
}

/** The server's resident set size in bytes, right after a full garbage collection in it. */
async function rssAfterGc(child: ChildProcess): Promise<number> {
  const answer = reply<{ rss: number }>(child);
  child.send('rss');
  return (await answer).rss;
}
