/**
 * `owseg serve`: the HTTP API, the Label Studio ML backend and the labelling web app on one port;
 * models load once before listening, SIGTERM or Ctrl-C drains running work then exits.
 */
import type { Command } from 'commander';
import type { EverythingOptions } from '../../tasks/everything/index.js';
import { action } from '../action.js';
import { addGeneratorOptions, generatorOptions } from '../everything-regions.js';
import { addModelSourceOptions, modelHelp, ModelReporter, type ModelSourceFlags } from '../models.js';
import { integerFrom } from '../options.js';

interface ServeFlags extends ModelSourceFlags, EverythingOptions {
  host: string;
  port: number;
  sam?: string;
  model?: string;
  embedder?: string;
  apiKey?: string;
  bodyLimit: number;
  maxPixels: number;
  concurrency: number;
  queueDepth: number;
  timeout: number;
  labelStudioUrl?: string;
  labelStudioToken?: string;
  log?: boolean;
}

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('serve the HTTP API (/v1, OpenAPI at /openapi.json), a Label Studio ML backend and the labelling web app at /')
    .option('--host <address>', 'address to listen on; anything but loopback wants --api-key', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', integerFrom(0), 7860)
    .option('--sam <model>', `segment, embed, the browser decoder: ${modelHelp('SAM model', 'sam-vit-base, slimsam')}`)
    .option('--model <model>', `name, refer, ground, dense: ${modelHelp('the InternVL model', 'wowseg-1b')}`)
    .option('--embedder <model>', `dense with a vocabulary: ${modelHelp('the sentence embedder', 'minilm')}`)
    .option('--api-key <key>', 'require this key (Authorization: Bearer <key> or X-API-Key) on every API route; default $OWSEG_API_KEY')
    .option('--body-limit <mib>', 'largest request body in MiB', integerFrom(1), 32)
    .option('--max-pixels <n>', 'refuse pictures with more pixels than this (422)', integerFrom(1), 64_000_000)
    .option('--concurrency <n>', 'jobs running at once per model', integerFrom(1), 1)
    .option('--queue-depth <n>', 'jobs waiting per model before requests are refused (429)', integerFrom(0), 8)
    .option('--timeout <seconds>', 'longest a job may run (504)', integerFrom(1), 600)
    .option('--label-studio-url <address>', "Label Studio's address, for task pictures given as /data/… paths; default $LABEL_STUDIO_URL")
    .option('--label-studio-token <token>', 'a Label Studio access token for those pictures; default $LABEL_STUDIO_API_KEY')
    .option('--log', 'log every request (JSON lines on stdout)');
  addModelSourceOptions(addGeneratorOptions(command)).action(
    action(async (flags: ServeFlags) => {
      const { startServer, isLoopback } = await import('../../server/index.js');
      const apiKey = flags.apiKey ?? process.env.OWSEG_API_KEY;
      if (apiKey === undefined && !isLoopback(flags.host)) {
        console.warn(`owseg serve: warning: listening on ${flags.host} without --api-key: anyone who reaches this address can use the API`);
      }
      if (flags.sam === undefined && flags.model === undefined) console.warn('owseg serve: warning: no --sam and no --model: only the health and models routes will answer');
      const labelStudioUrl = flags.labelStudioUrl ?? process.env.LABEL_STUDIO_URL;
      const labelStudioToken = flags.labelStudioToken ?? process.env.LABEL_STUDIO_API_KEY;
      const reporter = new ModelReporter();
      const server = await startServer({
        host: flags.host,
        port: flags.port,
        ...(flags.sam === undefined ? {} : { sam: flags.sam }),
        ...(flags.model === undefined ? {} : { model: flags.model }),
        ...(flags.embedder === undefined ? {} : { embedder: flags.embedder }),
        ...(apiKey === undefined ? {} : { apiKey }),
        bodyLimit: flags.bodyLimit * 1024 * 1024,
        maxPixels: flags.maxPixels,
        concurrency: flags.concurrency,
        queueDepth: flags.queueDepth,
        timeoutMs: flags.timeout * 1000,
        labelStudio: { ...(labelStudioUrl ? { url: labelStudioUrl } : {}), ...(labelStudioToken ? { token: labelStudioToken } : {}) },
        generator: generatorOptions(flags),
        log: flags.log ?? false,
        dtype: flags.dtype,
        weights: flags.weights,
        ...(flags.offline ? { hub: { offline: true } } : {}),
        onModelEvent: (event) => reporter.report(event),
      }).finally(() => reporter.stop());
      console.log(`owseg serve: listening on ${server.url} (web app at /, API at /v1, OpenAPI at /openapi.json)`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          console.log(`owseg serve: ${signal}: finishing running work, then exiting`);
          server.close().then(resolve, resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      console.log('owseg serve: stopped');
    }),
  );
}
