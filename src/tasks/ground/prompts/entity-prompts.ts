/**
 * Step 5 of Segment Anyword's prompts: the sentence's structure turns per-word points into SAM
 * prompts, an entity's modifiers adding to its head's positives and other entities becoming negatives.
 */
import { checkConnectivity, checkOptions, type Connectivity } from '../../../core/bitmap/args.js';
import { InvalidInputError } from '../../../core/errors.js';
import type { Mask } from '../../../core/mask.js';
import type { SentenceStructure } from '../structure/types.js';
import { assertAttentionMap, mapMaximum, type AttentionMap } from './attention-map.js';
import { backgroundNegatives } from './background.js';
import { largestRegion } from './largest-region.js';
import type { Point } from './points.js';
import { samplePositivePoints } from './positive-points.js';
import { checkRatio, thresholdMap } from './threshold.js';

export interface EntityPromptOptions {
  /** Threshold ratio of each word's map (see thresholdMap). Default 0.7. */
  ratio?: number;
  /** Connectivity of the largest region. Default 8. */
  connectivity?: Connectivity;
  /** Positive points per word (head and each modifier). Default 3. */
  pointsPerWord?: number;
  /** Background negatives (0…3) when the sentence has a single entity. Default 1. */
  backgroundNegatives?: number;
}

/** One entity's SAM prompt: points in map pixels (scale them to the image), label 1 positive, 0 negative. */
export interface EntityPrompt {
  /** Index into `structure.entities`. */
  readonly entity: number;
  readonly points: Point[];
  readonly labels: (0 | 1)[];
}

/**
 * Per entity: positives are the points of its head's map and of each modifier's map, in that
 * order (each word: threshold → largest region → peak + farthest points); negatives are every
 * other entity's positives, except points the entity itself has as positives. A single-entity
 * sentence instead gets background negatives on its head's map, away from the union of its words'
 * regions, unless that union covers the whole map (then there is no background). Repeated points
 * are kept once. `wordMaps[i]` is word i's map; only heads' and modifiers' maps are read, and all
 * of them must have one size.
 */
export function entityPrompts(
  wordMaps: readonly (AttentionMap | undefined)[],
  structure: SentenceStructure,
  options: EntityPromptOptions = {},
): EntityPrompt[] {
  if (!Array.isArray(wordMaps)) throw new InvalidInputError('wordMaps', 'an array of attention maps indexed by word');
  checkStructure(structure);
  checkOptions(options, 'options');
  const { ratio = 0.7, connectivity = 8, pointsPerWord = 3, backgroundNegatives: backgroundCount = 1 } = options;
  checkRatio(ratio, 'options.ratio');
  checkConnectivity(connectivity, 'options.connectivity');
  if (!Number.isInteger(pointsPerWord) || pointsPerWord < 1) {
    throw new InvalidInputError('options.pointsPerWord', 'a positive integer', `got ${String(pointsPerWord)}`);
  }
  if (!Number.isInteger(backgroundCount) || backgroundCount < 0 || backgroundCount > 3) {
    throw new InvalidInputError('options.backgroundNegatives', 'an integer from 0 to 3', `got ${String(backgroundCount)}`);
  }
  const mapOf = mapReader(wordMaps, structure);
  const positives = structure.entities.map((entity) => {
    const words = [entity.head.index, ...entity.modifiers];
    const regions = words.map((word) => largestRegion(thresholdMap(mapOf(word), ratio), connectivity));
    const points = words.flatMap((word, w) => samplePositivePoints(mapOf(word), regions[w]!, pointsPerWord));
    const { width, height } = regions[0]!;
    const union: Mask = { width, height, data: regions[0]!.data.map((_, i) => (regions.some((r) => r.data[i] === 1) ? 1 : 0)) };
    return { points: uniquePoints(points), region: union };
  });
  return positives.map(({ points, region }, e) => {
    const own = new Set(points.map(pointKey));
    const fromOthers = positives.flatMap((other, o) => (o === e ? [] : other.points)).filter((p) => !own.has(pointKey(p)));
    const hasBackground = positives.length === 1 && backgroundCount > 0 && region.data.includes(0);
    const background = hasBackground ? backgroundNegatives(mapOf(structure.entities[e]!.head.index), backgroundCount, region) : [];
    const negatives = uniquePoints([...fromOthers, ...background]);
    return {
      entity: e,
      points: [...points, ...negatives],
      labels: [...points.map(() => 1 as const), ...negatives.map(() => 0 as const)],
    };
  });
}

/** A checked reader of the maps the entities need, naming the word when one is missing or bad. */
function mapReader(wordMaps: readonly (AttentionMap | undefined)[], structure: SentenceStructure): (word: number) => AttentionMap {
  let size: { width: number; height: number } | undefined;
  const checked = new Set<number>();
  return (word) => {
    const map = wordMaps[word];
    const field = `wordMaps[${word}]`;
    if (!checked.has(word)) {
      if (map === undefined) {
        throw new InvalidInputError(field, `the attention map of word ${word} "${structure.words[word]!.text}"`, 'missing');
      }
      assertAttentionMap(map, field);
      mapMaximum(map, field);
      size ??= map;
      if (map.width !== size.width || map.height !== size.height) {
        throw new InvalidInputError(field, `the size of the other maps, ${size.width} × ${size.height}`, `got ${map.width} × ${map.height}`);
      }
      checked.add(word);
    }
    return map!;
  };
}

function checkStructure(structure: SentenceStructure): void {
  if (typeof structure !== 'object' || structure === null || !Array.isArray(structure.words) || !Array.isArray(structure.entities)) {
    throw new InvalidInputError('structure', 'the result of parseEntities { text, words, entities }');
  }
  if (structure.entities.length === 0) {
    throw new InvalidInputError('structure.entities', 'at least one entity', 'the sentence names nothing to segment');
  }
  const isWord = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < structure.words.length;
  structure.entities.forEach((entity, e) => {
    if (!isWord(entity?.head?.index)) {
      throw new InvalidInputError(`structure.entities[${e}].head.index`, `a word index below ${structure.words.length}`);
    }
    if (!Array.isArray(entity.modifiers) || !entity.modifiers.every(isWord)) {
      throw new InvalidInputError(`structure.entities[${e}].modifiers`, `word indices below ${structure.words.length}`);
    }
  });
}

function pointKey([x, y]: Point): string {
  return `${x},${y}`;
}

function uniquePoints(points: readonly Point[]): Point[] {
  const seen = new Set<string>();
  return points.filter((p) => {
    const key = pointKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
