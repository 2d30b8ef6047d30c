/**
 * A bounded queue for one model's heavy work (p-queue underneath): a depth limit answered with 429
 * and a Retry-After estimate, per-job timeouts, and cancellation of jobs whose client went away.
 */
import PQueue from 'p-queue';
import { HttpError } from './errors.js';

export interface WorkQueueOptions {
  /** Jobs running at once; default 1 (one model run saturates the cores). */
  concurrency?: number;
  /** Jobs waiting beyond the running ones before new ones are refused; default 8. */
  depth?: number;
  /** Longest a job may run, in milliseconds; default 10 minutes. */
  timeoutMs?: number;
}

/** A job: gets a signal that fires when its client goes away or it times out, and should stop at its next check. */
export type Job<T> = (signal: AbortSignal) => Promise<T>;

export interface QueueStats {
  running: number;
  waiting: number;
  /** Jobs that finished with an answer, failed, were cancelled by their client, or ran past the timeout, since start. */
  done: number;
  failed: number;
  cancelled: number;
  timedOut: number;
}

export class WorkQueue {
  readonly name: string;
  private readonly counts = { done: 0, failed: 0, cancelled: 0, timedOut: 0 };
  private readonly queue: PQueue;
  private readonly depth: number;
  private readonly timeoutMs: number;
  /** Mean seconds of recent jobs, for Retry-After; starts at one second. */
  private meanSeconds = 1;

  constructor(name: string, options: WorkQueueOptions = {}) {
    this.name = name;
    this.queue = new PQueue({ concurrency: options.concurrency ?? 1 });
    this.depth = options.depth ?? 8;
    this.timeoutMs = options.timeoutMs ?? 600_000;
  }

  stats(): QueueStats {
    return { running: this.queue.pending, waiting: this.queue.size, ...this.counts };
  }

  /**
   * Runs `job` when a slot is free. Refuses at once (429) when the queue is full; rejects with 504
   * when the job runs past the timeout and with 499-style `cancelled` when `client` aborts first.
   * A timed-out or cancelled job keeps its slot until it actually stops, so the model is never run
   * more often at once than the concurrency allows.
   */
  async run<T>(job: Job<T>, client: AbortSignal): Promise<T> {
    const mustWait = this.queue.pending >= this.queue.concurrency;
    if (mustWait && this.queue.size >= this.depth) {
      const retryAfter = Math.max(1, Math.ceil((this.meanSeconds * (this.queue.size + this.queue.pending)) / this.queue.concurrency));
      throw new HttpError(429, 'queue_full', `the ${this.name} queue is full (${this.queue.pending} running, ${this.queue.size} waiting); retry after ${retryAfter} s`, { 'Retry-After': String(retryAfter) });
    }
    if (client.aborted) {
      this.counts.cancelled++;
      throw cancelled();
    }
    // p-queue's own signal would free the slot as soon as it fires, so it is only given one that
    // fires while the job waits; once the job runs, the client's abort reaches the job alone.
    const whileWaiting = new AbortController();
    const dropIfWaiting = () => whileWaiting.abort();
    client.addEventListener('abort', dropIfWaiting, { once: true });
    return new Promise<T>((resolve, reject) => {
      const slot = this.queue.add(
        async () => {
          client.removeEventListener('abort', dropIfWaiting);
          const startedAt = performance.now();
          // A plain timer and controller rather than AbortSignal.timeout/any: those keep every job's
          // signals (and what their listeners hold) alive until the timeout would have fired.
          const stop = new AbortController();
          let timedOut = false;
          const timer = setTimeout(() => {
            timedOut = true;
            stop.abort();
          }, this.timeoutMs);
          const onClientAbort = () => stop.abort();
          if (client.aborted) stop.abort();
          else client.addEventListener('abort', onClientAbort, { once: true });
          const outcome = (async () => job(stop.signal))();
          // The caller hears at once of a timeout or its own abort ...
          abortable(outcome, stop.signal, () => (timedOut ? new HttpError(504, 'timeout', `the job took longer than ${this.timeoutMs / 1000} s`) : cancelled())).then(
            (value) => {
              this.counts.done++;
              resolve(value);
            },
            (error: unknown) => {
              if (timedOut) this.counts.timedOut++;
              else if (client.aborted) this.counts.cancelled++;
              else this.counts.failed++;
              reject(error);
            },
          );
          // ... but the slot is held until the job itself has stopped, so the model never runs more often at once than allowed.
          await outcome.catch(() => undefined);
          clearTimeout(timer);
          client.removeEventListener('abort', onClientAbort);
          this.meanSeconds = 0.8 * this.meanSeconds + 0.2 * ((performance.now() - startedAt) / 1000);
        },
        { signal: whileWaiting.signal },
      );
      slot.then(
        () => client.removeEventListener('abort', dropIfWaiting),
        (error: unknown) => {
          client.removeEventListener('abort', dropIfWaiting);
          if (!whileWaiting.signal.aborted) return reject(error);
          this.counts.cancelled++;
          reject(cancelled());
        },
      );
    });
  }

  /** Resolves when nothing is running or waiting. */
  onIdle(): Promise<void> {
    return this.queue.onIdle();
  }
}

function cancelled(): HttpError {
  return new HttpError(499, 'cancelled', 'the client went away before the job finished');
}

/** `work`'s result, or the error `reason()` gives as soon as `signal` aborts. */
function abortable<T>(work: Promise<T>, signal: AbortSignal, reason: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Throws the job's abort reason when `signal` fired: tasks call it between stages. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new HttpError(499, 'cancelled', 'the job was stopped (client gone or timed out)');
}
