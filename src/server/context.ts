/**
 * What every route handler shares: the resident models, one work queue per model, the limits,
 * and how a request's job is run (queued, cancelled when its client goes away, refused while draining).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EverythingOptions } from '../tasks/everything/index.js';
import type { Drain } from './drain.js';
import { HttpError } from './errors.js';
import type { ResidentModels } from './resident-models.js';
import type { Job, WorkQueue } from './work-queue.js';

export interface ServerLimits {
  maxPixels: number;
  bodyLimit: number;
}

export interface ServerContext {
  models: ResidentModels;
  /** Work that starts on SAM (segment, embed) queues here; work that starts on InternVL queues on `naming`. */
  queues: { sam: WorkQueue; naming: WorkQueue };
  limits: ServerLimits;
  /** Everything-mode options requests start from. */
  generator: EverythingOptions;
  /** close() drains: new work is refused with 503 while admitted requests finish. */
  drain: Drain;
}

/** The loaded model of `role`, or 404 naming the serve option that would load it. */
export function requireModel<K extends keyof ResidentModels>(context: ServerContext, role: K, option: string): NonNullable<ResidentModels[K]> {
  const loaded = context.models[role];
  if (!loaded) throw new HttpError(404, 'not_found', `this server has no ${role} model loaded; start owseg serve with ${option} <model>`);
  return loaded as NonNullable<ResidentModels[K]>;
}

/** Runs `job` on `queue`, aborting it when the client disconnects before the answer is sent. */
export async function runJob<T>(context: ServerContext, queue: WorkQueue, request: FastifyRequest, reply: FastifyReply, job: Job<T>): Promise<T> {
  context.drain.admit(request);
  const client = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableFinished) client.abort();
  };
  reply.raw.once('close', onClose);
  try {
    return await queue.run(job, client.signal);
  } finally {
    reply.raw.off('close', onClose);
    request.log.debug({ queue: queue.name, ...queue.stats() }, 'job done');
  }
}
