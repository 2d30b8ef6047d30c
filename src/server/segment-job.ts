/**
 * Everything-mode then, when asked, naming, as the server runs it for /v1/segment and Label
 * Studio's /predict: each stage on its model's queue, regions as an owseg result holds them.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OwsegRegion } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import type { InternVLModel } from '../models/internvl/index.js';
import type { SamModel } from '../models/sam/index.js';
import { generateEverything, samPredictor, type EverythingOptions } from '../tasks/everything/index.js';
import { everythingOwsegRegions } from '../tasks/everything/owseg-regions.js';
import type { NameRegionsOptions } from '../tasks/name/index.js';
import { nameOwsegRegions } from '../tasks/name/owseg-regions.js';
import { runJob, type ServerContext } from './context.js';
import type { Loaded } from './resident-models.js';
import { throwIfAborted } from './work-queue.js';

export interface SegmentJob {
  sam: Loaded<SamModel>;
  naming?: Loaded<InternVLModel>;
  generator: EverythingOptions;
  namingOptions?: Omit<NameRegionsOptions, 'model'>;
}

export async function segmentRegions(context: ServerContext, request: FastifyRequest, reply: FastifyReply, image: RgbImage, job: SegmentJob): Promise<OwsegRegion[]> {
  const masks = await runJob(context, context.queues.sam, request, reply, (signal) =>
    generateEverything(samPredictor(job.sam.model), image, job.generator, { onProgress: () => throwIfAborted(signal) }),
  );
  const regions = everythingOwsegRegions(masks);
  const naming = job.naming;
  if (naming === undefined || regions.length === 0) return regions;
  return runJob(context, context.queues.naming, request, reply, (signal) =>
    nameOwsegRegions(image, regions, { ...job.namingOptions, model: naming.model, onProgress: () => throwIfAborted(signal) }),
  );
}
