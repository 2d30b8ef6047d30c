/**
 * The server's per-model work queue with jobs the test controls: the depth limit and Retry-After,
 * cancellation of running and waiting jobs, timeouts, and a slot held until a stopped job has ended.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpError } from '../../src/server/errors.js';
import { WorkQueue } from '../../src/server/work-queue.js';

/** A job that runs until released (or until its signal aborts, if `obeys`). */
function controlled(obeys = true) {
  let release!: (value: string) => void;
  let markStarted!: () => void;
  let seen: AbortSignal | undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const job = (signal: AbortSignal): Promise<string> => {
    seen = signal;
    markStarted();
    return new Promise<string>((resolve, reject) => {
      release = resolve;
      if (obeys) signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
    });
  };
  return { job, started, release: (value = 'done') => release(value), signal: () => seen };
}

const never = () => new AbortController().signal;

async function rejectsWith(promise: Promise<unknown>, status: number, code: string): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError, String(error));
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('WorkQueue', () => {
  test('refuses with 429 and Retry-After only when a new job would wait beyond the depth', async () => {
    const queue = new WorkQueue('sam', { concurrency: 2, depth: 1 });
    const a = controlled();
    const b = controlled();
    const c = controlled();
    const first = queue.run(a.job, never());
    const second = queue.run(b.job, never());
    await Promise.all([a.started, b.started]);
    const third = queue.run(c.job, never());
    assert.deepEqual(queue.stats(), { running: 2, waiting: 1, done: 0, failed: 0, cancelled: 0, timedOut: 0 });
    const refused = await rejectsWith(queue.run(controlled().job, never()), 429, 'queue_full');
    assert.match(refused.headers['Retry-After']!, /^[1-9]\d*$/);
    a.release();
    b.release();
    await c.started;
    c.release();
    assert.deepEqual(await Promise.all([first, second, third]), ['done', 'done', 'done']);
    assert.equal(queue.stats().done, 3);
  });

  test('a client abort stops a running job through its signal and frees the slot once it has stopped', async () => {
    const queue = new WorkQueue('naming');
    const running = controlled();
    const client = new AbortController();
    const answer = queue.run(running.job, client.signal);
    await running.started;
    client.abort();
    assert.equal(running.signal()!.aborted, true);
    await rejectsWith(answer, 499, 'cancelled');
    await queue.onIdle();
    assert.deepEqual(queue.stats(), { running: 0, waiting: 0, done: 0, failed: 0, cancelled: 1, timedOut: 0 });
  });

  test('a job that ignores its signal keeps its slot until it ends, whatever its client was told', async () => {
    const queue = new WorkQueue('sam');
    const stubborn = controlled(false);
    const client = new AbortController();
    const answer = queue.run(stubborn.job, client.signal);
    await stubborn.started;
    client.abort();
    await rejectsWith(answer, 499, 'cancelled');
    const next = controlled();
    const queued = queue.run(next.job, never());
    assert.equal(queue.stats().running, 1, 'the stubborn job still holds the only slot');
    assert.equal(queue.stats().waiting, 1);
    stubborn.release();
    await next.started;
    next.release('next');
    assert.equal(await queued, 'next');
  });

  test('a waiting job whose client leaves is dropped without running', async () => {
    const queue = new WorkQueue('sam');
    const busy = controlled();
    const first = queue.run(busy.job, never());
    await busy.started;
    let ran = false;
    const client = new AbortController();
    const waiting = queue.run(async () => {
      ran = true;
      return 'never';
    }, client.signal);
    client.abort();
    await rejectsWith(waiting, 499, 'cancelled');
    busy.release();
    await first;
    await queue.onIdle();
    assert.equal(ran, false);
    assert.equal(queue.stats().cancelled, 1);
  });

  test('a job past the timeout is 504 and sees its signal abort', async () => {
    const queue = new WorkQueue('sam', { timeoutMs: 5 });
    const slow = controlled();
    await rejectsWith(queue.run(slow.job, never()), 504, 'timeout');
    assert.equal(slow.signal()!.aborted, true);
    await queue.onIdle();
    assert.equal(queue.stats().timedOut, 1);
  });

  test('a failing job is counted and its error passes through', async () => {
    const queue = new WorkQueue('sam');
    await assert.rejects(
      queue.run(async () => {
        throw new RangeError('bad');
      }, never()),
      RangeError,
    );
    assert.equal(queue.stats().failed, 1);
  });
});
