/**
 * The options of a running owseg server, with the defaults `owseg serve` documents: loopback
 * address, port 7860, 32 MiB bodies, one job at a time per model and eight waiting.
 */
import { join } from 'node:path';
import { owsegPackageRoot } from '../core/version.js';
import type { EverythingOptions } from '../tasks/everything/index.js';
import type { ModelSpecs } from './resident-models.js';

export interface ServeOptions extends ModelSpecs {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 7860; 0 picks a free port. */
  port?: number;
  /** When set, every route but the health checks and the web app's files needs this key. */
  apiKey?: string;
  /** Largest request body in bytes; default 32 MiB. */
  bodyLimit?: number;
  /** Largest picture in pixels; default 64,000,000. */
  maxPixels?: number;
  /** Jobs running at once per model; default 1. */
  concurrency?: number;
  /** Jobs waiting per model before 429; default 8. */
  queueDepth?: number;
  /** Longest a job may run; default 10 minutes. */
  timeoutMs?: number;
  /** The built web app; default dist/web in the package. */
  webRoot?: string;
  /** Label Studio's address and token, for task images given as /data/… paths. */
  labelStudio?: { url?: string; token?: string };
  /** Everything-mode options every request starts from (a request's query overrides them); default SAM's. */
  generator?: EverythingOptions;
  /** Fastify's request log (pino) to stdout; default false. */
  log?: boolean;
}

export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 7860,
  bodyLimit: 32 * 1024 * 1024,
  maxPixels: 64_000_000,
  concurrency: 1,
  queueDepth: 8,
  timeoutMs: 600_000,
} as const;

export function defaultWebRoot(): string {
  return join(owsegPackageRoot(), 'dist', 'web');
}

/** Anything but loopback is reachable from other machines. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
