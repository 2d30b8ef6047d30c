/**
 * The owseg result a task route answers with: the same file the CLI writes, without an image path
 * (the picture came over the wire), so clients parse both with one reader.
 */
import { resultModel } from '../hub/model-record.js';
import { OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION, type OwsegRegion, type OwsegResult } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import type { ResolvedModel } from '../hub/index.js';

export interface ResultParts {
  task: string;
  model: ResolvedModel;
  /** Other models the task used, by role. */
  others?: Record<string, ResolvedModel | undefined>;
  prompt?: string;
  regions: OwsegRegion[];
  extra?: Record<string, unknown>;
}

export function owsegResult(image: RgbImage, parts: ResultParts): OwsegResult {
  return {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { width: image.width, height: image.height },
    model: resultModel(parts.model, parts.others),
    task: parts.task,
    ...(parts.prompt === undefined ? {} : { prompt: parts.prompt }),
    regions: parts.regions,
    ...(parts.extra === undefined ? {} : { extra: parts.extra }),
  };
}
