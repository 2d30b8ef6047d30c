/**
 * WOW-Seg's cascade attention mask over a laid-out token sequence, hand-written here because no
 * library builds it: regions and their answers are kept apart while the shared context is seen by all.
 */
import { InvalidInputError } from '../../core/errors.js';

/**
 * One run of consecutive tokens in the sequence.
 * - shared: everything before the first region (system turn, instruction, whole image); seen by all later tokens.
 * - region: the block `<img>` k×`<IMG_CONTEXT>` `</img>` of region `index`.
 * - infix: text between the regions and the answers (`</img>…<|im_end|>\n<|im_start|>assistant\n`).
 *   Without `index` it is one shared infix, as in training, seen by all later tokens (and, being
 *   after the regions, it sees every region). With `index` it is answer `index`'s own copy: it obeys
 *   the answer rules below, so parallel decoding can start each answer from a context holding only its region.
 * - answer: answer chunk `index` (its name tokens up to and including its separator).
 */
export interface Segment {
  kind: 'shared' | 'region' | 'infix' | 'answer';
  index?: number;
  length: number;
}

/**
 * L×L row-major, 1 where query row may attend key column: causal, and a query owned by region,
 * infix or answer `i` never sees a key owned by a different index `j` (so region i never sees region j,
 * answer i never sees regions j ≠ i nor any earlier answer). Shared and index-less infix tokens own nothing.
 */
export function cascadeAttentionMask(segments: readonly Segment[]): Uint8Array {
  const owners = ownerPerToken(segments);
  const length = owners.length;
  const mask = new Uint8Array(length * length);
  for (let q = 0; q < length; q++) {
    const a = owners[q]!;
    for (let k = 0; k <= q; k++) {
      const b = owners[k]!;
      mask[q * length + k] = a < 0 || b < 0 || a === b ? 1 : 0;
    }
  }
  return mask;
}

/** Each token's owning index, −1 for tokens everybody sees. */
export function ownerPerToken(segments: readonly Segment[]): Int32Array {
  let total = 0;
  segments.forEach((segment, i) => {
    if (!Number.isInteger(segment.length) || segment.length < 0) {
      throw new InvalidInputError(`segments[${i}].length`, 'a non-negative integer', `got ${segment.length}`);
    }
    const needsIndex = segment.kind === 'region' || segment.kind === 'answer';
    if (segment.index === undefined ? needsIndex : !Number.isInteger(segment.index) || segment.index < 0) {
      throw new InvalidInputError(`segments[${i}].index`, `a non-negative integer for a ${segment.kind} segment`, `got ${segment.index}`);
    }
    if (segment.kind === 'shared' && segment.index !== undefined) {
      throw new InvalidInputError(`segments[${i}].index`, 'no index on a shared segment');
    }
    total += segment.length;
  });
  const owners = new Int32Array(total);
  let at = 0;
  for (const segment of segments) {
    owners.fill(segment.index ?? -1, at, at + segment.length);
    at += segment.length;
  }
  return owners;
}
