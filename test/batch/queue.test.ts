/**
 * `owseg batch --queue` and `owseg worker` on a real redis-server (started here on a free
 * loopback port, stopped after): 12 pictures and a poison one with 2 workers, one SIGKILLed
 * mid-job — every picture exactly once, the killed job retried after its stall, the poison in the
 * failed list; a coordinator killed and restarted loses nothing and matches a local run.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Lvis } from '../../src/core/formats/index.js';
import { owseg } from '../helpers/cli.js';
import { startOwseg, type CliProcess } from '../helpers/cli-process.js';
import { startRedis, stopProcess, type TestRedis } from '../helpers/redis.js';
import { drawPicture, QUICK, writePoison, writeTinyPacks } from './fixtures.js';

let dir: string;
let redis: TestRedis;
let packs: { sam: string; internvl: string };
const workers: CliProcess[] = [];
const path = (name: string) => join(dir, name);

interface Entry {
  key: string;
  status: string;
  reason?: string;
  worker?: string;
  stalls?: number;
}
const journal = async (out: string): Promise<Entry[]> =>
  (await readFile(join(out, 'journal.jsonl'), 'utf8').catch(() => '')).split('\n').filter((l) => l !== '').slice(1).map((l) => JSON.parse(l) as Entry);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-batch-queue-'));
  redis = await startRedis();
  packs = await writeTinyPacks(path('packs'));
  for (let i = 0; i < 12; i++) await drawPicture(path(`twelve/p${String(i).padStart(2, '0')}.png`), i);
  await writePoison(path('twelve/poison.png'));
  for (let i = 0; i < 6; i++) await drawPicture(path(`six/q${i}.png`), i + 20);
});
after(async () => {
  for (const worker of workers) await stopProcess(worker.child);
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Stall settings scaled down so a killed worker's job is back in the queue within seconds. */
const worker = (queueName: string) => {
  const started = startOwseg('worker', '--queue', redis.url, '--queue-name', queueName, '--threads', '1', '--lock-duration', '2000', '--stalled-interval', '1000');
  workers.push(started);
  return started;
};
const batch = (input: string, out: string, queueName: string, ...more: string[]) =>
  ['batch', input, '-o', out, '--sam', packs.sam, '--name', packs.internvl, '--queue', redis.url, '--queue-name', queueName, '--attempts', '2', '--backoff', '100', ...QUICK, ...more];

describe('owseg batch --queue with owseg worker', () => {
  test('a worker SIGKILLed mid-job: its job is retried after the stall, every picture exactly once, the poison in the failed list', async () => {
    const a = worker('twelve');
    const b = worker('twelve');
    await Promise.all([a.line(/waiting for jobs/), b.line(/waiting for jobs/)]);
    const coordinator = startOwseg(...batch(path('twelve'), path('twelve-out'), 'twelve'));
    const first = await Promise.race([a, b].map((w) => w.line(/^owseg worker: start (?!poison)/).then((line) => ({ w, line }))));
    const killed = first.w;
    const killedKey = /start (\S+)/.exec(first.line)![1]!;
    killed.child.kill('SIGKILL');
    await killed.exited;
    const { code, stderr } = await coordinator.exited;
    assert.equal(code, 0, stderr);
    assert.match(coordinator.stdout(), /12\/13 images done, 1 failed/);
    assert.match(coordinator.stdout(), /failed poison\.png: .*readable image/);
    const entries = await journal(path('twelve-out'));
    assert.equal(entries.length, 13);
    assert.equal(new Set(entries.map((e) => e.key)).size, 13, 'every picture journalled once');
    const retried = entries.find((e) => e.key === killedKey)!;
    assert.equal(retried.status, 'done');
    assert.ok((retried.stalls ?? 0) >= 1, `the killed job was recorded as stalled: ${JSON.stringify(retried)}`);
    assert.notEqual(retried.worker?.split(':')[1], String(killed.child.pid));
    const lvis = JSON.parse(await readFile(path('twelve-out/dataset.lvis.json'), 'utf8')) as Lvis;
    assert.deepEqual(lvis.images.map((i) => i.file_name), Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}.png`));
  });

  test('enqueuing twice adds nothing; a coordinator killed while workers go on loses nothing and matches a local run byte for byte', async () => {
    const coordinate = () => startOwseg(...batch(path('six'), path('six-out'), 'six', '--inline-max-bytes', '0'));
    const first = coordinate();
    // Without a worker the jobs wait in Redis; a second coordinator's enqueue must not add them again.
    while ((await jobCounts('six')).waiting < 6) await sleep(50);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = coordinate();
    await second.line(/6 pictures enqueued/);
    assert.equal((await jobCounts('six')).waiting, 6);
    worker('six');
    while ((await journal(path('six-out'))).length < 2) await sleep(20);
    second.child.kill('SIGKILL');
    await second.exited;
    // Results finished while no coordinator runs stay in Redis until one collects them.
    while ((await jobCounts('six')).completed < 1) await sleep(50);
    const inRedis = await jobCounts('six');
    assert.ok(inRedis.waiting + inRedis.active + inRedis.completed + inRedis.delayed >= 6 - (await journal(path('six-out'))).length, 'every picture not journalled still has its job');
    const last = coordinate();
    const { code, stderr } = await last.exited;
    assert.equal(code, 0, stderr);
    assert.match(last.stdout(), /6\/6 images done, 0 failed/);
    assert.deepEqual(await jobCounts('six'), { waiting: 0, active: 0, completed: 0, delayed: 0, failed: 0 }, 'nothing of the run is left in Redis');
    const keys = (await journal(path('six-out'))).map((e) => e.key);
    assert.deepEqual([...keys].sort(), ['q0.png', 'q1.png', 'q2.png', 'q3.png', 'q4.png', 'q5.png']);
    const local = await owseg('batch', path('six'), '-o', path('six-local'), '--sam', packs.sam, '--name', packs.internvl, ...QUICK);
    assert.equal(local.status, 0, local.stderr);
    assert.deepEqual(await readFile(path('six-out/dataset.lvis.json')), await readFile(path('six-local/dataset.lvis.json')));
  });
});

/** The queue's job counts, read straight from Redis. */
async function jobCounts(queueName: string): Promise<Record<'waiting' | 'active' | 'completed' | 'delayed' | 'failed', number>> {
  const { Queue } = await import('bullmq');
  const queue = new Queue(queueName, { connection: { url: redis.url } });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'delayed', 'failed');
    return { waiting: counts.waiting ?? 0, active: counts.active ?? 0, completed: counts.completed ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
  } finally {
    await queue.close();
  }
}
