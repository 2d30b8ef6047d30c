/**
 * POST /v1/segment: SAM everything-mode on the posted picture, optionally naming every mask
 * (the SAM stage on the SAM queue, naming on the naming queue); answers an owseg result.
 */
import type { FastifyInstance } from 'fastify';
import type { NameRegionsOptions } from '../../tasks/name/index.js';
import { requireModel, type ServerContext } from '../context.js';
import { readTaskInput } from '../request-input.js';
import { owsegResult } from '../result.js';
import { segmentRegions } from '../segment-job.js';
import { generatorFor, generatorQuery, namingQuery, pick, querySchema } from './query-schemas.js';
import { resultResponse, taskRouteSchema } from './route-schema.js';

export function registerSegment(app: FastifyInstance, context: ServerContext): void {
  const query = { ...generatorQuery, ...namingQuery, name: { type: 'boolean', description: 'also name every mask with the naming model (WOW-Seg)' } };
  app.post<{ Querystring: Record<string, unknown> }>(
    '/v1/segment',
    { schema: { ...taskRouteSchema('Segment everything', 'SAM automatic mask generation on the picture; with name=true every mask is named with no vocabulary.'), querystring: querySchema(query), response: resultResponse } },
    async (request, reply) => {
      const sam = requireModel(context, 'sam', '--sam');
      const naming = request.query.name === true ? requireModel(context, 'naming', '--model') : undefined;
      const { image } = await readTaskInput(request, context.limits.maxPixels);
      const generator = generatorFor(context.generator, request.query);
      const regions = await segmentRegions(context, request, reply, image, { sam, ...(naming ? { naming } : {}), generator, namingOptions: pick(request.query, namingQuery) as Omit<NameRegionsOptions, 'model'> });
      return owsegResult(image, { task: naming ? 'everything+name' : 'everything', model: sam.source, others: { naming: naming?.source }, regions, extra: { options: generator } });
    },
  );
}
