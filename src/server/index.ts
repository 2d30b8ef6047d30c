/**
 * `owseg serve` as a library: startServer loads the models once, listens, and close() drains
 * (new work refused with 503, running and queued work finished) before releasing the models.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ServerContext } from './context.js';
import { Drain } from './drain.js';
import { defaultWebRoot, SERVE_DEFAULTS, type ServeOptions } from './options.js';
import { describeModels, loadResidentModels, releaseResidentModels } from './resident-models.js';
import { WorkQueue } from './work-queue.js';

export { encodeEmbedding, parseEmbedding, EMBEDDING_CONTENT_TYPE, type EmbeddingHeader, type ReceivedEmbedding } from './embedding-wire.js';
export { isLoopback, SERVE_DEFAULTS, type ServeOptions } from './options.js';

export interface RunningServer {
  /** http://host:port of the listening socket. */
  url: string;
  app: FastifyInstance;
  /** GET /v1/models's answer. */
  models: Record<string, unknown>;
  /** The per-model work queues, to observe them or to run other work in line with the server's. */
  queues: ServerContext['queues'];
  /** Refuses new work (503), waits for every queued and running job, closes the socket, releases the models. */
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const models = await loadResidentModels(options);
  const queueOptions = { concurrency: options.concurrency ?? SERVE_DEFAULTS.concurrency, depth: options.queueDepth ?? SERVE_DEFAULTS.queueDepth, timeoutMs: options.timeoutMs ?? SERVE_DEFAULTS.timeoutMs };
  const context: ServerContext = {
    models,
    queues: { sam: new WorkQueue('sam', queueOptions), naming: new WorkQueue('naming', queueOptions) },
    limits: { maxPixels: options.maxPixels ?? SERVE_DEFAULTS.maxPixels, bodyLimit: options.bodyLimit ?? SERVE_DEFAULTS.bodyLimit },
    drain: new Drain(),
    generator: options.generator ?? {},
  };
  let app: FastifyInstance;
  try {
    app = await buildApp(context, { ...options, webRoot: options.webRoot ?? defaultWebRoot() });
    await app.listen({ host: options.host ?? SERVE_DEFAULTS.host, port: options.port ?? SERVE_DEFAULTS.port });
  } catch (error) {
    await releaseResidentModels(models);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host ?? SERVE_DEFAULTS.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    app,
    models: describeModels(models),
    queues: context.queues,
    close: () =>
      (closing ??= (async () => {
        await context.drain.drain();
        await app.close();
        await releaseResidentModels(models);
      })()),
  };
}
