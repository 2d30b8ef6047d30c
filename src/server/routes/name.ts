/**
 * POST /v1/name: word-free naming (WOW-Seg) of the masks posted with the picture; answers an owseg
 * result with one region per mask, in order, ids 1…N.
 */
import type { FastifyInstance } from 'fastify';
import { regionFromMask } from '../../core/formats/index.js';
import type { NameRegionsOptions } from '../../tasks/name/index.js';
import { nameOwsegRegions } from '../../tasks/name/owseg-regions.js';
import { requireModel, runJob, type ServerContext } from '../context.js';
import { masksField, readTaskInput } from '../request-input.js';
import { owsegResult } from '../result.js';
import { throwIfAborted } from '../work-queue.js';
import { namingQuery, pick, querySchema } from './query-schemas.js';
import { resultResponse, taskRouteSchema } from './route-schema.js';

export function registerName(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Querystring: Record<string, unknown> }>(
    '/v1/name',
    { schema: { ...taskRouteSchema('Name masks', 'Names every mask of the multipart field "masks" (a JSON array of COCO RLE of the picture\'s size) with no vocabulary.'), querystring: querySchema(namingQuery), response: resultResponse } },
    async (request, reply) => {
      const naming = requireModel(context, 'naming', '--model');
      const { image, fields } = await readTaskInput(request, context.limits.maxPixels);
      const masks = masksField(fields, 'masks', image, { required: true })!;
      const options = pick(request.query, namingQuery) as Omit<NameRegionsOptions, 'model'>;
      const regions = await runJob(context, context.queues.naming, request, reply, (signal) =>
        nameOwsegRegions(image, masks.map((mask, i) => regionFromMask(i + 1, mask)), { ...options, model: naming.model, onProgress: () => throwIfAborted(signal) }),
      );
      return owsegResult(image, { task: 'name', model: naming.source, regions });
    },
  );
}
