/**
 * ground(): Segment Anyword on owseg's models — a sentence's entities, their words' attention in
 * InternVL as location priors, point prompts from the sentence's structure, one SAM mask per entity.
 */
import { removeSmallRegions } from '../../core/bitmap/index.js';
import { InvalidInputError } from '../../core/errors.js';
import { assertRgbImage, type RgbImage } from '../../core/image/rgb-image.js';
import type { Mask } from '../../core/mask.js';
import type { InternVLModel } from '../../models/internvl/index.js';
import { bestMaskIndex, segmentPrompt, type SamModel } from '../../models/sam/index.js';
import { withInternVL, withSam } from '../loaded-models.js';
import { wordAttentionMaps, type WordMapOptions } from './attention/word-maps.js';
import type { AttentionMap } from './prompts/attention-map.js';
import { entityPrompts, type EntityPromptOptions } from './prompts/entity-prompts.js';
import type { Point } from './prompts/points.js';
import { thresholdMap } from './prompts/threshold.js';
import { parseEntities } from './structure/parse-entities.js';
import type { SentenceStructure } from './structure/types.js';

export interface GroundOptions extends WordMapOptions, EntityPromptOptions {
  /** A loaded InternVL model or a pack folder. */
  model: InternVLModel | string;
  /** A loaded SAM or a SAM folder. */
  sam: SamModel | string;
  /** transformers.js variant when `sam` is a folder ('quantized', 'fp16' …). */
  samVariant?: string;
  /** Also prompt SAM with the box of the head's thresholded map; default false (points only, as the paper). */
  useBox?: boolean;
  /** Drop islands and fill holes smaller than this many pixels in each mask; default 0 (off). */
  minRegionArea?: number;
}

export interface GroundedEntity {
  phrase: string;
  head: string;
  /** Index into `structure.entities`. */
  entity: number;
  mask: Mask;
  /** SAM's predicted IoU of the chosen mask (the best of its multimask outputs). */
  score: number;
  /** Image pixels, with SAM labels: 1 positive, 0 negative. */
  points: Point[];
  labels: (0 | 1)[];
  /** The head's map: its peak value and the share of the map above the threshold. */
  attention: { peak: number; areaAboveThreshold: number };
  box?: [number, number, number, number];
}

export interface GroundResult {
  structure: SentenceStructure;
  entities: GroundedEntity[];
  /** Per word, its attention map on the image's token-cell grid (max 1). */
  maps: (AttentionMap | undefined)[];
  layers: number[];
}

export async function ground(image: RgbImage, text: string, options: GroundOptions): Promise<GroundResult> {
  assertRgbImage(image);
  if (typeof text !== 'string') throw new InvalidInputError('text', 'a string');
  const structure = parseEntities(text.trim());
  if (structure.words.length === 0) throw new InvalidInputError('text', 'a phrase to ground (e.g. "the dog on the left")', 'it is empty');
  if (structure.entities.length === 0) throw new InvalidInputError('text', 'a phrase naming at least one thing (a noun)', `"${structure.text}" has none`);
  const minRegionArea = options.minRegionArea ?? 0;
  if (!(minRegionArea >= 0)) throw new InvalidInputError('minRegionArea', 'a number of pixels ≥ 0', `got ${minRegionArea}`);

  const wordMaps = await withInternVL(options.model, (model) => wordAttentionMaps(model, image, structure, options));
  const prompts = entityPrompts(wordMaps.maps, structure, options);
  return withSam(options.sam, options.samVariant, async (sam) => {
    const embedding = await sam.encodeImage(image);
    const entities: GroundedEntity[] = [];
    for (const prompt of prompts) {
      const entity = structure.entities[prompt.entity]!;
      const headMap = wordMaps.maps[entity.head.index]!;
      const scale = (p: Point): [number, number] => [(p[0] * image.width) / headMap.width, (p[1] * image.height) / headMap.height];
      const points = prompt.points.map(scale);
      const headRegion = thresholdMap(headMap, options.ratio ?? 0.7);
      const box = options.useBox ? regionBox(headRegion, image) : undefined;
      const result = await segmentPrompt(sam, embedding, { points, labels: prompt.labels, multimask: true, ...(box ? { box } : {}) });
      const best = bestMaskIndex(result);
      let mask = result.masks[best]!;
      if (minRegionArea > 0) mask = removeSmallRegions(removeSmallRegions(mask, minRegionArea, 'holes').mask, minRegionArea, 'islands').mask;
      const above = headRegion.data.reduce((n, v) => n + v, 0);
      entities.push({
        phrase: entity.phrase,
        head: entity.head.text,
        entity: prompt.entity,
        mask,
        score: result.scores[best]!,
        points,
        labels: prompt.labels,
        attention: { peak: Math.max(...headMap.data), areaAboveThreshold: above / headMap.data.length },
        ...(box ? { box } : {}),
      });
    }
    return { structure, entities, maps: wordMaps.maps, layers: wordMaps.layers };
  });
}

/** The box of a map's thresholded cells, in image pixels. */
function regionBox(region: Mask, image: RgbImage): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      if (!region.data[y * region.width + x]) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
    }
  }
  const sx = image.width / region.width;
  const sy = image.height / region.height;
  return [x0 * sx, y0 * sy, x1 * sx, y1 * sy];
}
