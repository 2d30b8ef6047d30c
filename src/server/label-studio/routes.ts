/**
 * Label Studio's ML-backend protocol (GET /health, POST /setup, POST /predict, POST /webhook,
 * GET /metrics): pre-annotation of a project's tasks with owseg's named masks as brush labels.
 */
import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../../core/errors.js';
import type { OwsegRegion } from '../../core/formats/index.js';
import { loadImage } from '../../core/image/index.js';
import { decode } from '../../core/rle/index.js';
import { owsegVersion } from '../../core/version.js';
import { requireModel, type ServerContext } from '../context.js';
import { segmentRegions } from '../segment-job.js';
import { maskToBrushRle } from './brush-rle.js';
import { brushTarget, type BrushTarget } from './label-config.js';
import { fetchTaskImage, type LabelStudioAccess } from './task-image.js';

interface PredictBody {
  tasks?: unknown;
  label_config?: unknown;
}

interface SetupBody {
  hostname?: unknown;
  access_token?: unknown;
}

export function registerLabelStudio(app: FastifyInstance, context: ServerContext, access: LabelStudioAccess): void {
  const modelVersion = () => `owseg-${owsegVersion()}${context.models.sam ? `-${context.models.sam.source.spec.replace(/[^\w.-]+/g, '_')}` : ''}`;
  const hide = { hide: true };
  app.get('/health', { schema: hide }, async () => ({ status: 'UP', model_class: 'owseg' }));
  app.get('/metrics', { schema: hide }, async () => ({}));
  // Label Studio's setup call tells its own address and a token; they serve task pictures given as /data/… paths unless serve's options said otherwise.
  app.post<{ Body: SetupBody | null }>('/setup', { schema: hide }, async (request) => {
    const { hostname, access_token: token } = request.body ?? {};
    if (access.url === undefined && typeof hostname === 'string' && /^https?:\/\//.test(hostname)) access.url = hostname;
    if (access.token === undefined && typeof token === 'string' && token !== '') access.token = token;
    return { model_version: modelVersion() };
  });
  // owseg does not train on annotations: events are acknowledged and left alone.
  app.post('/webhook', { schema: hide }, async () => ({ status: 'ok' }));
  app.post<{ Body: PredictBody }>('/predict', { schema: hide }, async (request, reply) => {
    const { tasks, label_config: labelConfig } = request.body ?? {};
    if (!Array.isArray(tasks)) throw new InvalidInputError('tasks', 'an array of Label Studio tasks');
    if (typeof labelConfig !== 'string') throw new InvalidInputError('label_config', "the project's labelling config XML");
    const target = brushTarget(labelConfig);
    const sam = requireModel(context, 'sam', '--sam');
    const results = [];
    for (const [i, task] of tasks.entries()) {
      const data = (task as { data?: Record<string, unknown> } | null)?.data;
      const bytes = await fetchTaskImage(data?.[target.dataKey], `tasks[${i}].data.${target.dataKey}`, access, context.limits.bodyLimit);
      const image = await loadImage(bytes, { maxPixels: context.limits.maxPixels });
      const regions = await segmentRegions(context, request, reply, image, { sam, ...(context.models.naming ? { naming: context.models.naming } : {}), generator: context.generator });
      results.push(prediction(regions, target, image, modelVersion()));
    }
    return { results };
  });
}

/** One task's prediction: a brush result per region, labelled by the matching label value or the free name. */
function prediction(regions: readonly OwsegRegion[], target: BrushTarget, image: { width: number; height: number }, modelVersion: string) {
  const byLowerCase = new Map(target.labels.map((label) => [label.toLowerCase(), label]));
  const result = regions.map((region, i) => ({
    id: `owseg-${region.id}`,
    from_name: target.fromName,
    to_name: target.toName,
    type: 'brushlabels',
    original_width: image.width,
    original_height: image.height,
    image_rotation: 0,
    value: { format: 'rle', rle: maskToBrushRle(decode(region.segmentation, `regions[${i}]`)), brushlabels: [labelFor(region, byLowerCase, target.labels)] },
    score: region.predictedIou ?? 0,
  }));
  const score = result.length === 0 ? 0 : result.reduce((sum, r) => sum + r.score, 0) / result.length;
  return { result, score, model_version: modelVersion };
}

function labelFor(region: OwsegRegion, byLowerCase: Map<string, string>, labels: readonly string[]): string {
  if (region.name !== undefined) return byLowerCase.get(region.name.toLowerCase()) ?? region.name;
  return labels[0] ?? 'object';
}
