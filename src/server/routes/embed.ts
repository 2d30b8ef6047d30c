/**
 * The browser decoder's two inputs: POST /v1/embed (SAM's image embedding in owseg's wire format)
 * and GET /v1/sam/decoder.onnx (the decoder the embedding feeds), so clicks decode client-side.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { requireModel, runJob, type ServerContext } from '../context.js';
import { EMBEDDING_CONTENT_TYPE, encodeEmbedding } from '../embedding-wire.js';
import { HttpError } from '../errors.js';
import { readTaskInput } from '../request-input.js';
import { throwIfAborted } from '../work-queue.js';
import { errorResponses, taskRouteSchema } from './route-schema.js';

export function registerEmbed(app: FastifyInstance, context: ServerContext): void {
  app.post(
    '/v1/embed',
    {
      schema: {
        ...taskRouteSchema('SAM image embedding', "Runs SAM's image encoder once; the answer feeds GET /v1/sam/decoder.onnx in the browser (format in docs/serve.md)."),
        produces: [EMBEDDING_CONTENT_TYPE],
        response: { 200: { description: `${EMBEDDING_CONTENT_TYPE}: a 4-byte little-endian header length, the JSON header, then each tensor's bytes`, type: 'string', format: 'binary' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const sam = requireModel(context, 'sam', '--sam');
      const { image } = await readTaskInput(request, context.limits.maxPixels);
      const embedding = await runJob(context, context.queues.sam, request, reply, async (signal) => {
        throwIfAborted(signal);
        return sam.model.encodeImage(image);
      });
      const body = encodeEmbedding(embedding, sam.model.maskSize);
      return reply.type(EMBEDDING_CONTENT_TYPE).send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    },
  );

  app.get(
    '/v1/sam/decoder.onnx',
    { schema: { summary: 'SAM decoder', description: 'The ONNX decoder of the loaded SAM, for onnxruntime-web.', produces: ['application/octet-stream'], response: { 200: { description: 'the ONNX file', type: 'string', format: 'binary' }, ...errorResponses } } },
    async (_request, reply) => {
      const sam = requireModel(context, 'sam', '--sam');
      if (sam.model.decoderFile === undefined) throw new HttpError(404, 'not_found', 'the loaded SAM has no decoder file to serve');
      return reply.type('application/octet-stream').header('Cache-Control', 'no-cache').send(createReadStream(sam.model.decoderFile));
    },
  );
}
