/**
 * A grounding result's entities as owseg result regions (named by their phrase, with the prompt
 * points and attention in `extra`), shared by `owseg ground` and batch runs.
 */
import { regionFromMask, type OwsegRegion } from '../../core/formats/owseg-result.js';
import type { GroundResult } from './ground.js';

export function groundOwsegRegions(result: GroundResult): OwsegRegion[] {
  return result.entities.map((entity, i) =>
    regionFromMask(i + 1, entity.mask, {
      name: entity.phrase,
      score: Math.min(1, Math.max(0, entity.score)),
      extra: { phrase: entity.phrase, head: entity.head, points: entity.points, labels: entity.labels, attention: entity.attention, ...(entity.box ? { box: entity.box } : {}) },
    }),
  );
}
