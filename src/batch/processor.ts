/**
 * Runs the batch task on one picture after another with the models loaded once per process, and
 * returns each picture's owseg result: what a local child process and a queue worker both do.
 */
import { InvalidInputError } from '../core/errors.js';
import { OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION, type OwsegRegion, type OwsegResult } from '../core/formats/index.js';
import { loadImage, type RgbImage } from '../core/image/index.js';
import { resultModelEntry } from '../hub/model-record.js';
import { loadInternVLPack } from '../models/internvl/index.js';
import type { InternVLModel } from '../models/internvl/index.js';
import { loadSam, type SamModel } from '../models/sam/index.js';
import type { BatchImage } from './inputs.js';
import type { BatchSettings } from './settings.js';

export interface ImageProcessor {
  /** The picture's result; `bytes` is the encoded picture when it came inside a queue job. */
  process(image: BatchImage, bytes?: Uint8Array): Promise<OwsegResult>;
  release(): Promise<void>;
}

interface LoadedModels {
  sam?: SamModel;
  model?: InternVLModel;
}

export interface ProcessorOptions {
  /** ONNX Runtime threads per operator; processes sharing a machine each take their share of its cores. */
  threads?: number;
}

/** Loads the models the task needs; a task without a model it needs is refused naming the flag. */
export async function openProcessor(settings: BatchSettings, options: ProcessorOptions = {}): Promise<ImageProcessor> {
  const needsSam = settings.task !== 'name';
  const needsModel = settings.task !== 'everything';
  if (needsSam && settings.sam === undefined) throw new InvalidInputError('--sam', `a SAM model for --task ${settings.task}`);
  if (needsModel && settings.model === undefined) throw new InvalidInputError('--model', `an InternVL model for --task ${settings.task}`);
  const loaded: LoadedModels = {};
  const session = options.threads === undefined ? {} : { session: { threads: options.threads } };
  if (needsSam) loaded.sam = await loadSam(settings.sam!.dir, { ...session, ...(settings.sam!.samVariant ? { variant: settings.sam!.samVariant } : {}) });
  if (settings.model !== undefined) loaded.model = await loadInternVLPack(settings.model.dir, session);
  return {
    process: async (image, bytes) => {
      const picture = await loadImage(bytes ?? image.path, { maxPixels: settings.maxPixels });
      const result = await runTask(settings, loaded, picture, image);
      return { format: OWSEG_RESULT_FORMAT, version: OWSEG_RESULT_VERSION, image: { path: image.path, width: picture.width, height: picture.height }, ...result };
    },
    release: async () => {
      await loaded.sam?.release();
      await loaded.model?.release();
    },
  };
}

type TaskResult = Pick<OwsegResult, 'model' | 'task' | 'prompt' | 'regions' | 'extra'>;

async function runTask(settings: BatchSettings, models: LoadedModels, picture: RgbImage, image: BatchImage): Promise<TaskResult> {
  switch (settings.task) {
    case 'everything': {
      const { generateEverything, samPredictor } = await import('../tasks/everything/index.js');
      const { everythingOwsegRegions } = await import('../tasks/everything/owseg-regions.js');
      const regions = everythingOwsegRegions(await generateEverything(samPredictor(models.sam!), picture, settings.everything));
      const named = models.model === undefined ? regions : await nameRegionsWith(models.model, picture, regions, settings);
      return {
        model: resultModelEntry(settings.sam!, { naming: settings.model }),
        task: settings.model ? 'everything+name' : 'everything',
        regions: named,
        extra: { options: settings.everything },
      };
    }
    case 'name':
      return {
        model: resultModelEntry(settings.model!),
        task: 'name',
        regions: await nameRegionsWith(models.model!, picture, image.regions ?? [], settings),
        extra: { options: settings.naming },
      };
    case 'dense': {
      const { dense } = await import('../tasks/dense/index.js');
      const { denseOwsegRegions } = await import('../tasks/dense/owseg-regions.js');
      const result = await dense(picture, {
        sam: models.sam!,
        model: models.model!,
        everything: settings.everything,
        coverage: settings.dense.coverage,
        topN: settings.dense.topN,
        naming: { maxTiles: settings.naming.maxTiles, contextScale: settings.naming.contextScale, maxNewTokens: settings.naming.maxNewTokens },
      });
      return {
        model: resultModelEntry(settings.model!, { sam: settings.sam }),
        task: 'dense',
        regions: denseOwsegRegions(picture, result),
        extra: { candidates: result.candidates, kept: result.kept.length },
      };
    }
    case 'ground': {
      const { ground } = await import('../tasks/ground/index.js');
      const { groundOwsegRegions } = await import('../tasks/ground/owseg-regions.js');
      const text = settings.text ?? '';
      const result = await ground(picture, text, { model: models.model!, sam: models.sam!, ...(settings.naming.maxTiles === undefined ? {} : { maxTiles: settings.naming.maxTiles }) });
      return {
        model: resultModelEntry(settings.model!, { sam: settings.sam }),
        task: 'ground',
        prompt: text,
        regions: groundOwsegRegions(result),
        extra: { layers: result.layers },
      };
    }
  }
}

async function nameRegionsWith(model: InternVLModel, picture: RgbImage, regions: readonly OwsegRegion[], settings: BatchSettings): Promise<OwsegRegion[]> {
  const { nameOwsegRegions } = await import('../tasks/name/owseg-regions.js');
  return nameOwsegRegions(picture, regions, { model, ...settings.naming });
}
