/**
 * ground(): Segment Anyword on owseg's models — a sentence's entities, their words' attention in
 * InternVL as location priors, point prompts from the sentence's structure, one SAM mask per entity.
 */
import { removeSmallRegions } from '../../core/bitmap/index.js';
import { InvalidInputError } from '../../core/errors.js';
import { assertRgbImage, type RgbImage } from '../../core/image/rgb-image.js';
import type { Mask } from '../../core/mask.js';
import { loadInternVLPack, type InternVLModel } from '../../models/internvl/index.js';
import { loadSam, segmentPrompt, type SamModel } from '../../models/sam/index.js';
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

  const model = typeof options.model === 'string' ? await loadInternVLPack(options.model) : options.model;
  let wordMaps;
  try {
    wordMaps = await wordAttentionMaps(model, image, structure, options);
  } finally {
    if (typeof options.model === 'string') await model.release();
  }
  const prompts = entityPrompts(wordMaps.maps, structure, options);
  const sam = typeof options.sam === 'string' ? await loadSam(options.sam, options.samVariant ? { variant: options.samVariant } : {}) : options.sam;
  try {
    const embedding = await sam.encodeImage(image);
    const entities: GroundedEntity[] = [];
    for (const prompt of prompts) {
      const entity = structure.entities[prompt.entity]!;
      const headMap = wordMaps.maps[entity.head.index]!;
      const scale = (p: Point): [number, number] => [(p[0] * image.width) / headMap.width, (p[1] * image.height) / headMap.height];
      const points = prompt.points.map(scale);
      const box = options.useBox ? mapBox(headMap, options.ratio ?? 0.7, image) : undefined;
      const result = await segmentPrompt(sam, embedding, { points, labels: prompt.labels, multimask: true, ...(box ? { box } : {}) });
      let best = 0;
      result.scores.forEach((score, m) => {
        if (score > result.scores[best]!) best = m;
      });
      let mask = result.masks[best]!;
      if (minRegionArea > 0) mask = removeSmallRegions(removeSmallRegions(mask, minRegionArea, 'holes').mask, minRegionArea, 'islands').mask;
      const above = thresholdMap(headMap, options.ratio ?? 0.7).data.reduce((n, v) => n + v, 0);
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
  } finally {
    if (typeof options.sam === 'string') await sam.release();
  }
}

/** The box of the map's thresholded cells, in image pixels. */
function mapBox(map: AttentionMap, ratio: number, image: RgbImage): [number, number, number, number] {
  const mask = thresholdMap(map, ratio);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      if (!mask.data[y * map.width + x]) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
    }
  }
  const sx = image.width / map.width;
  const sy = image.height / map.height;
  return [x0 * sx, y0 * sy, x1 * sx, y1 * sy];
}
