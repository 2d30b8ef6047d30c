/**
 * POST /v1/refer: which of the candidate masks a request means (RAS). Candidates come in the
 * multipart field "masks" or, without it, from SAM everything-mode; answers every candidate scored.
 */
import type { FastifyInstance } from 'fastify';
import { emptyReferResult, referOwsegRegions } from '../../tasks/refer/owseg-regions.js';
import { regionFromMask, type OwsegRegion } from '../../core/formats/index.js';
import { decode } from '../../core/rle/index.js';
import { refer, type MaskTokenKind } from '../../tasks/refer/index.js';
import { requireModel, runJob, type ServerContext } from '../context.js';
import { masksField, readTaskInput, textField } from '../request-input.js';
import { owsegResult } from '../result.js';
import { segmentRegions } from '../segment-job.js';
import { throwIfAborted } from '../work-queue.js';
import { generatorFor, generatorQuery, querySchema } from './query-schemas.js';
import { resultResponse, taskRouteSchema } from './route-schema.js';

const referQuery = {
  ...generatorQuery,
  threshold: { type: 'number', minimum: -1000, maximum: 1000, description: 'select candidates scoring above this logit (default 0: probability ½)' },
  maskTokens: { type: 'string', enum: ['pool', 'mask2token'], description: "pool: RAS's mask average pooling (default); mask2token: WOW-Seg's region tokens" },
  maxTiles: { type: 'integer', minimum: 1, description: 'most 448 tiles for the whole image (default 12)' },
} as const;

export function registerRefer(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Querystring: Record<string, unknown> & { threshold?: number; maskTokens?: MaskTokenKind; maxTiles?: number } }>(
    '/v1/refer',
    {
      schema: {
        ...taskRouteSchema('Refer to mask groups', 'Scores every candidate against the multipart text field "text" and selects those it means. Candidates: the multipart field "masks" (JSON array of COCO RLE), else SAM everything-mode with the generator options of the query.'),
        querystring: querySchema(referQuery),
        response: resultResponse,
      },
    },
    async (request, reply) => {
      const naming = requireModel(context, 'naming', '--model');
      const { image, fields } = await readTaskInput(request, context.limits.maxPixels);
      const text = textField(fields, 'text');
      const given = masksField(fields, 'masks', image, { required: false });
      const sam = given === undefined ? requireModel(context, 'sam', '--sam (or send the candidates as "masks")') : undefined;
      const pool: OwsegRegion[] = given !== undefined ? given.map((mask, i) => regionFromMask(i + 1, mask)) : await segmentRegions(context, request, reply, image, { sam: sam!, generator: generatorFor(context.generator, request.query) });
      // Masks that came decoded are scored as they are; SAM's come as RLE and are decoded once here.
      const candidates = given ?? pool.map((region, i) => decode(region.segmentation, `candidates[${i}]`));
      const { threshold, maskTokens, maxTiles } = request.query;
      const result =
        pool.length === 0
          ? emptyReferResult(threshold ?? 0, 'zero-shot', maskTokens ?? 'pool')
          : await runJob(context, context.queues.naming, request, reply, async (signal) => {
              throwIfAborted(signal);
              return refer(image, text, {
                model: naming.model,
                candidates,
                ...(threshold === undefined ? {} : { threshold }),
                ...(maskTokens === undefined ? {} : { maskTokens }),
                ...(maxTiles === undefined ? {} : { maxTiles }),
              });
            });
      return owsegResult(image, {
        task: 'refer',
        model: naming.source,
        others: { candidates: sam?.source },
        prompt: text,
        regions: referOwsegRegions(pool, result),
        extra: { selected: result.selected.map((i) => pool[i]!.id), empty: result.empty, threshold: result.threshold, head: result.head, maskTokens: result.maskTokens },
      });
    },
  );
}
