/**
 * POST /v1/dense: a complete panoptic labelling with a generated name per segment (ROSE); with
 * `vocabulary` and a loaded embedder, the names are mapped onto COCO panoptic or ADE20K classes.
 */
import type { FastifyInstance } from 'fastify';
import { dense } from '../../api/dense.js';
import { denseOwsegRegions } from '../../tasks/dense/owseg-regions.js';
import { BUILT_IN_VOCABULARIES } from '../../eval/vocabularies/index.js';
import { requireModel, runJob, type ServerContext } from '../context.js';
import { readTaskInput } from '../request-input.js';
import { owsegResult } from '../result.js';
import { throwIfAborted } from '../work-queue.js';
import { generatorFor, generatorQuery, namingQuery, pick, querySchema } from './query-schemas.js';
import { resultResponse, taskRouteSchema } from './route-schema.js';

const { maxTiles, contextScale, maxNewTokens } = namingQuery;
const denseQuery = {
  ...generatorQuery,
  maxTiles,
  contextScale,
  maxNewTokens,
  topN: { type: 'integer', minimum: 1, description: "keep the N most object-like candidates (ROSE's top-N, default 100)" },
  vocabulary: { type: 'string', enum: [...BUILT_IN_VOCABULARIES], description: 'map the free names onto this vocabulary (needs --embedder)' },
} as const;

export function registerDense(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Querystring: Record<string, unknown> & { topN?: number; vocabulary?: string } }>(
    '/v1/dense',
    { schema: { ...taskRouteSchema('Dense naming', 'Every pixel assigned to a named segment.'), querystring: querySchema(denseQuery), response: resultResponse } },
    async (request, reply) => {
      const naming = requireModel(context, 'naming', '--model');
      const sam = requireModel(context, 'sam', '--sam');
      const { vocabulary, topN } = request.query;
      const embedder = vocabulary === undefined ? undefined : requireModel(context, 'embedder', '--embedder');
      const { image } = await readTaskInput(request, context.limits.maxPixels);
      const result = await runJob(context, context.queues.naming, request, reply, (signal) =>
        dense(image, {
          sam: sam.model,
          model: naming.model,
          everything: generatorFor(context.generator, request.query),
          naming: pick(request.query, { maxTiles, contextScale, maxNewTokens }),
          ...(topN === undefined ? {} : { topN }),
          ...(embedder === undefined ? {} : { vocabulary, embedder: embedder.model }),
          onStage: () => throwIfAborted(signal),
        }),
      );
      return owsegResult(image, { task: 'dense', model: naming.source, others: { sam: sam.source, embedder: embedder?.source }, regions: denseOwsegRegions(image, result), extra: { candidates: result.candidates, kept: result.kept.length, timings: result.timings } });
    },
  );
}
