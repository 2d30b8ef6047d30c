/**
 * Builds the Fastify app of `owseg serve`: body parsing (image bodies, multipart), the API-key
 * check, JSON errors, the OpenAPI document, the /v1 routes, Label Studio's routes and the web app.
 */
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { owsegVersion } from '../core/version.js';
import { keysMatch, presentedKey } from './api-key.js';
import type { ServerContext } from './context.js';
import { handleError, HttpError, sendError } from './errors.js';
import { registerLabelStudio } from './label-studio/routes.js';
import type { ServeOptions } from './options.js';
import { registerDense } from './routes/dense.js';
import { registerEmbed } from './routes/embed.js';
import { registerGround } from './routes/ground.js';
import { registerMeta } from './routes/meta.js';
import { registerName } from './routes/name.js';
import { registerRefer } from './routes/refer.js';
import { registerSegment } from './routes/segment.js';
import { registerWebApp } from './routes/web-app.js';

/** Paths anyone may reach when a key is set: health checks, the OpenAPI document and the web app's own files. */
function isPublic(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return path === '/v1/health' || path === '/health' || path === '/openapi.json' || !(path.startsWith('/v1/') || path === '/setup' || path === '/predict');
}

/** Ajv's errors as one message naming each parameter, e.g. `querystring.pointsPerSide: must be integer`. */
function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  return new Error(
    errors
      .map((e) => {
        const field = `${dataVar}${e.instancePath.replace(/\//g, '.')}`;
        const unknown = (e.params as { additionalProperty?: string }).additionalProperty;
        return unknown === undefined ? `${field}: ${e.message ?? 'is invalid'}` : `${field}.${unknown}: unknown parameter`;
      })
      .join('; '),
  );
}

export async function buildApp(context: ServerContext, options: ServeOptions & { webRoot: string }): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.log ?? false,
    bodyLimit: context.limits.bodyLimit,
    return503OnClosing: true,
    // Unknown parameters are refused rather than dropped, so a misspelt option never goes unnoticed.
    ajv: { customOptions: { removeAdditional: false } },
    schemaErrorFormatter: formatSchemaErrors,
  });
  app.setErrorHandler(handleError);
  app.addHook('onRequest', async (_request, reply) => {
    context.drain.enter();
    reply.raw.once('close', () => context.drain.leave());
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new HttpError(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`)));

  const apiKey = options.apiKey;
  if (apiKey !== undefined) {
    app.addHook('onRequest', async (request, reply) => {
      if (isPublic(request.method, request.url.split('?')[0]!)) return;
      if (!keysMatch(presentedKey(request.headers), apiKey)) {
        return sendError(reply, new HttpError(401, 'unauthorized', 'missing or wrong API key: send Authorization: Bearer <key> or X-API-Key: <key>', { 'WWW-Authenticate': 'Bearer' }));
      }
    });
  }

  app.addContentTypeParser(/^image\/[\w.+-]+$/, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(fastifyMultipart, { limits: { fileSize: context.limits.bodyLimit, files: 1, fields: 8, fieldSize: context.limits.bodyLimit, parts: 9 }, throwFileSizeLimit: true });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'owseg', version: owsegVersion(), description: 'Open-world segmentation over HTTP: segment everything, name, refer, ground, dense naming, and the SAM embedding for a browser decoder (docs/serve.md).' },
      ...(apiKey === undefined ? {} : { components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }, security: [{ bearer: [] }] }),
    },
  });

  registerMeta(app, context);
  registerSegment(app, context);
  registerEmbed(app, context);
  registerName(app, context);
  registerRefer(app, context);
  registerGround(app, context);
  registerDense(app, context);
  registerLabelStudio(app, context, { ...options.labelStudio });
  await registerWebApp(app, options.webRoot);
  return app;
}
