/**
 * Batch figures for `npm run bench`: images/s of a dataset run on tiny packs with 1 and 2 local
 * worker processes and with 2 queue workers on a throw-away redis-server, all in the same run and
 * one ONNX Runtime thread per process, and the queue's overhead per job against local mode.
 * Wall times include each process loading its models, as a user's run does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchSettings } from '../src/batch/index.js';
import { drawPicture, writeTinyPacks } from '../test/batch/fixtures.js';
import { startOwseg } from '../test/helpers/cli-process.js';
import { startRedis, stopProcess } from '../test/helpers/redis.js';
import type { BenchSuite, Figure } from './harness.js';

const IMAGES = 48;

export const batchSuite: BenchSuite = {
  name: 'batch',
  async run(): Promise<Figure[]> {
    const batch = await import('../src/batch/index.js');
    const dir = await mkdtemp(join(tmpdir(), 'owseg-bench-batch-'));
    const redis = await startRedis();
    try {
      const packs = await writeTinyPacks(join(dir, 'packs'));
      for (let i = 0; i < IMAGES; i++) await drawPicture(join(dir, `pictures/p${String(i).padStart(2, '0')}.png`), i, 160, 120);
      const images = await batch.listBatchImages(join(dir, 'pictures'), { task: 'everything' });
      const model = (path: string, family: string) => ({ dir: path, record: { name: path, family, pack: path }, source: {} });
      const settings: BatchSettings = {
        task: 'everything',
        sam: model(packs.sam, 'sam'),
        model: model(packs.internvl, 'internvl'),
        everything: { pointsPerSide: 8, predIouThresh: 0, stabilityScoreThresh: 0 },
        naming: { mode: 'parallel', maxTiles: 2, maxNewTokens: 2 },
        dense: { topN: 100, coverage: {} },
        maxPixels: 64_000_000,
      };
      const timed = async (name: string, execute: ReturnType<typeof batch.localExecutor>) => {
        const summary = await batch.runBatch(images, settings, execute, { outDir: join(dir, name) });
        if (summary.done !== IMAGES) throw new Error(`bench batch ${name}: ${summary.done} of ${IMAGES} done`);
        return summary.seconds;
      };
      const local1 = await timed('local-1', batch.localExecutor(settings, { workers: 1, threads: 1 }));
      const local2 = await timed('local-2', batch.localExecutor(settings, { workers: 2, threads: 1 }));
      const workers = [0, 1].map(() => startOwseg('worker', '--queue', redis.url, '--queue-name', 'bench', '--threads', '1'));
      let queue2: number;
      try {
        await Promise.all(workers.map((w) => w.line(/waiting for jobs/)));
        queue2 = await timed('queue-2', batch.queueExecutor(settings, { url: redis.url, queueName: 'bench', attempts: 1, backoffMs: 0, inlineMaxBytes: 1 << 20 }));
      } finally {
        for (const worker of workers) await stopProcess(worker.child);
      }
      const note = `${IMAGES} pictures 160×120, everything + naming on tiny random packs, 8×8 points, 1 ORT thread per process`;
      return [
        { name: 'local, 2 workers', unit: 'images/s', value: IMAGES / local2, baseline: { name: 'local, 1 worker', value: IMAGES / local1 }, note },
        { name: 'queue, 2 workers', unit: 'images/s', value: IMAGES / queue2, baseline: { name: 'local, 2 workers', value: IMAGES / local2 }, note: 'BullMQ on a local redis-server, pictures inside the jobs' },
        {
          name: 'queue overhead per job',
          unit: 'ms',
          value: ((queue2 - local2) * 1000) / IMAGES,
          baseline: { name: 'local time per picture, 2 workers', value: (local2 * 1000) / IMAGES },
          note: '(queue wall time − local wall time) / pictures, both with 2 workers',
        },
      ];
    } finally {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
