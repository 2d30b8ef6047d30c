/**
 * Local batch execution: N child processes, each with its own models, fed one picture at a time
 * from a shared list, so a slow picture never holds up the others. A child that crashes while
 * holding a picture marks that picture failed and is replaced.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { FromChild, ToChild } from './child-messages.js';
import type { BatchImage } from './inputs.js';
import { processName, type Executor, type ResultSink } from './run-batch.js';
import type { BatchSettings } from './settings.js';

export interface LocalPoolOptions {
  workers: number;
  /** ONNX Runtime threads per child; default the machine's cores shared out among the children. */
  threads?: number;
}

const CHILD_ENTRY = new URL('./child-worker.js', import.meta.url);

export function localExecutor(settings: BatchSettings, options: LocalPoolOptions): Executor {
  return (pending, sink) => runPool(pending, sink, settings, options);
}

function runPool(pending: readonly BatchImage[], sink: ResultSink, settings: BatchSettings, options: LocalPoolOptions): Promise<void> {
  const threads = options.threads ?? Math.max(1, Math.floor(availableParallelism() / options.workers));
  const queue = [...pending];
  const children = new Set<ChildProcess>();
  let outstanding = pending.length;
  return new Promise<void>((resolve, reject) => {
    if (outstanding === 0) return resolve();
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const child of children) child.kill();
      if (error) reject(error);
      else resolve();
    };
    const settle = (outcome: Promise<void>) => {
      outcome.then(() => (--outstanding === 0 ? finish() : undefined), finish);
    };
    const start = () => {
      const child = fork(CHILD_ENTRY, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.add(child);
      let holding: BatchImage | undefined;
      const next = () => {
        holding = queue.shift();
        if (holding) child.send({ type: 'image', image: holding } satisfies ToChild);
        else child.disconnect();
      };
      child.on('message', (message: FromChild) => {
        const by = { worker: processName(child.pid) };
        if (message.type === 'ready') return next();
        if (message.type === 'fatal') return finish(new Error(message.message));
        const image = holding!;
        settle(message.type === 'done' ? sink.done(image, message.result, by) : sink.failed(image, message.reason, by));
        next();
      });
      child.on('exit', (code, signal) => {
        children.delete(child);
        // Ctrl-C and kill reach the children too: the picture was not at fault, a rerun does it.
        if (settled || holding === undefined || signal === 'SIGINT' || signal === 'SIGTERM') return;
        const image = holding;
        holding = undefined;
        settle(sink.failed(image, `the worker process died while processing it (${signal ?? `exit code ${code}`})`, { worker: processName(child.pid) }));
        if (queue.length > 0) start();
      });
      child.send({ type: 'init', settings, threads } satisfies ToChild);
    };
    for (let i = 0; i < Math.min(options.workers, pending.length); i++) start();
  });
}
