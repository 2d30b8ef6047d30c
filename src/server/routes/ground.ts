/**
 * POST /v1/ground: the phrases of the multipart text field "text" grounded to masks (Segment
 * Anyword: InternVL attention turned into SAM prompts); answers one region per entity.
 */
import type { FastifyInstance } from 'fastify';
import { groundOwsegRegions } from '../../tasks/ground/owseg-regions.js';
import { ground } from '../../tasks/ground/index.js';
import { requireModel, runJob, type ServerContext } from '../context.js';
import { readTaskInput, textField } from '../request-input.js';
import { owsegResult } from '../result.js';
import { throwIfAborted } from '../work-queue.js';
import { pick, querySchema } from './query-schemas.js';
import { resultResponse, taskRouteSchema } from './route-schema.js';

const groundQuery = {
  pointsPerWord: { type: 'integer', minimum: 1, description: "positive points sampled in each word's region (default 3)" },
  backgroundNegatives: { type: 'integer', minimum: 0, maximum: 3, description: 'background negatives for a single-entity text (default 1)' },
  ratio: { type: 'number', minimum: 0.01, maximum: 1, description: "a word's region: attention ≥ ratio × its peak (default 0.7)" },
  useBox: { type: 'boolean', description: "also prompt SAM with the box of the head's region (default false)" },
  minRegionArea: { type: 'integer', minimum: 0, description: 'fill holes and drop islands smaller than this in each mask (default 0)' },
  maxTiles: { type: 'integer', minimum: 1, description: 'most 448 tiles for the whole image (default 12)' },
} as const;

export function registerGround(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Querystring: Record<string, unknown> }>(
    '/v1/ground',
    { schema: { ...taskRouteSchema('Ground phrases', 'Finds a mask for each entity of the multipart text field "text".'), querystring: querySchema(groundQuery), response: resultResponse } },
    async (request, reply) => {
      const naming = requireModel(context, 'naming', '--model');
      const sam = requireModel(context, 'sam', '--sam');
      const { image, fields } = await readTaskInput(request, context.limits.maxPixels);
      const text = textField(fields, 'text');
      const result = await runJob(context, context.queues.naming, request, reply, async (signal) => {
        throwIfAborted(signal);
        return ground(image, text, { ...pick(request.query, groundQuery), model: naming.model, sam: sam.model });
      });
      return owsegResult(image, { task: 'ground', model: naming.source, others: { sam: sam.source }, prompt: text, regions: groundOwsegRegions(result), extra: { layers: result.layers, words: result.structure.words.map((w) => w.text) } });
    },
  );
}
