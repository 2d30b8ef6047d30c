/**
 * The routes about the server itself: GET /v1/health (also answers 503 while draining, for load
 * balancers), GET /v1/models, GET /v1/queues and GET /openapi.json.
 */
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { describeModels } from '../resident-models.js';

export function registerMeta(app: FastifyInstance, context: ServerContext): void {
  app.get(
    '/v1/health',
    { schema: { summary: 'Health', response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } }, 503: { type: 'object', properties: { status: { type: 'string', enum: ['draining'] } } } } } },
    async (_request, reply) => (context.drain.draining ? reply.code(503).send({ status: 'draining' }) : { status: 'ok' }),
  );
  app.get('/v1/models', { schema: { summary: 'Loaded models', description: 'Each role (sam, naming, embedder): null, or the model\'s name, family and pack; sam also has layout, maskSize and inputSize.' } }, async () => describeModels(context.models));
  app.get('/v1/queues', { schema: { summary: 'Queue state', description: 'Per model queue (sam, naming): jobs running and waiting, and counts of jobs done, failed, cancelled and timed out since start.' } }, async () => ({
    sam: context.queues.sam.stats(),
    naming: context.queues.naming.stats(),
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
