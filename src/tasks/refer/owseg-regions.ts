/**
 * A referring result over a candidate pool as owseg result regions (each candidate with its
 * probability and whether it was selected), shared by `owseg refer` and the server.
 */
import type { OwsegRegion } from '../../core/formats/owseg-result.js';
import type { MaskTokenKind } from './heads.js';
import type { ReferResult } from './refer.js';

export function referOwsegRegions(pool: readonly OwsegRegion[], result: ReferResult): OwsegRegion[] {
  return pool.map((region, i) => {
    const scored = result.candidates[i]!;
    return { ...region, score: scored.probability, extra: { ...region.extra, logit: scored.score, selected: scored.selected } };
  });
}

/** The answer when the pool is empty: nothing to choose, the empty group rather than an error. */
export function emptyReferResult(threshold: number, head: ReferResult['head'], maskTokens: MaskTokenKind): ReferResult {
  return { candidates: [], selected: [], empty: true, threshold, head, maskTokens };
}
