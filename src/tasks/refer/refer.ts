/**
 * refer(): which of the candidate masks an image's request means — RAS's one non-autoregressive
 * pass over context then candidates, a score per candidate, and the group above the threshold.
 */
import { InvalidInputError } from '../../core/errors.js';
import { assertRgbImage, type RgbImage } from '../../core/image/rgb-image.js';
import { assertMask, type Mask } from '../../core/mask.js';
import type { InternVLModel } from '../../models/internvl/index.js';
import { withInternVL } from '../loaded-models.js';
import { encodeForNaming } from '../name/encode.js';
import { prepareRegions, tileGrid } from '../name/preprocess/index.js';
import { MASK_TOKEN_KINDS, scoreReading, sigmoid, zeroShotHead, type MaskTokenKind, type ReferHead } from './heads.js';
import { poolMaskToken } from './pool-tokens.js';
import { referPrompt } from './refer-prompt.js';
import { readCandidates, referContext, type CandidateReading } from './score-candidates.js';
import { concatFloat32 } from '../../core/float32.js';

export interface ReferOptions {
  /** The pool to choose from (SAM everything-mode, a file, a user), each of the image's size. */
  candidates: readonly Mask[];
  /** "Things like these": masks of the image the request is about. */
  references?: readonly Mask[];
  /** A loaded model or an InternVL pack folder. */
  model: InternVLModel | string;
  /** Default: zero-shot (the LM head's Yes against No). */
  head?: ReferHead;
  /** Default: the linear head's own kind, else 'pool'. */
  maskTokens?: MaskTokenKind;
  /** Overrides the head's threshold (a logit: 0 is probability one half). */
  threshold?: number;
  /** Whole-image tiling, as in naming; default 12. */
  maxTiles?: number;
  /** mask2token crop side over the mask box's longer side; default 2. */
  contextScale?: number;
  question?: string;
  /** Rough bound on the memory one pass of candidates may take; default 1 GiB. */
  memoryBudgetBytes?: number;
}

export interface ScoredCandidate {
  index: number;
  /** The head's logit. */
  score: number;
  probability: number;
  selected: boolean;
}

export interface ReferResult {
  candidates: ScoredCandidate[];
  /** Indices of the selected candidates, best first. */
  selected: number[];
  /** No candidate above the threshold: the request refers to nothing here (GRES's no-target outcome). */
  empty: boolean;
  threshold: number;
  head: ReferHead['kind'];
  maskTokens: MaskTokenKind;
}

export async function refer(image: RgbImage, text: string, options: ReferOptions): Promise<ReferResult> {
  const head = options.head ?? zeroShotHead;
  const maskTokens = options.maskTokens ?? (head.kind === 'linear' ? head.maskTokens : 'pool');
  if (head.kind === 'linear' && head.maskTokens !== maskTokens) {
    throw new InvalidInputError('maskTokens', `"${head.maskTokens}", the mask tokens the head was fitted on`, `got "${maskTokens}"`);
  }
  const threshold = options.threshold ?? head.threshold;
  if (!Number.isFinite(threshold)) throw new InvalidInputError('threshold', 'a finite number (a logit)', `got ${threshold}`);
  const readings = await readReferCandidates(image, text, { ...options, maskTokens });
  const candidates = readings.map((reading, index) => {
    const score = scoreReading(head, reading);
    return { index, score, probability: sigmoid(score), selected: score > threshold };
  });
  const selected = candidates.filter((c) => c.selected).sort((a, b) => b.score - a.score).map((c) => c.index);
  return { candidates, selected, empty: selected.length === 0, threshold, head: head.kind, maskTokens };
}

/** The readings refer() scores: the last hidden state and the Yes/No logit difference per candidate (what `refer fit` caches). */
export async function readReferCandidates(image: RgbImage, text: string, options: ReferOptions & { maskTokens: MaskTokenKind }): Promise<CandidateReading[]> {
  assertRgbImage(image);
  if (typeof text !== 'string') throw new InvalidInputError('text', 'a string');
  if (!MASK_TOKEN_KINDS.includes(options.maskTokens)) throw new InvalidInputError('maskTokens', MASK_TOKEN_KINDS.map((k) => `"${k}"`).join(' or '), `got ${JSON.stringify(options.maskTokens)}`);
  const candidates = checkMasks(options.candidates, image, 'candidates');
  if (candidates.length === 0) throw new InvalidInputError('candidates', 'at least one candidate mask', 'the pool is empty');
  const references = checkMasks(options.references ?? [], image, 'references');
  return withInternVL(options.model, async (model) => {
    const { tileSize, tokensPerTile, hiddenSize, useThumbnail } = model.config;
    const grid = Math.round(Math.sqrt(tokensPerTile));
    const tiling = { maxTiles: options.maxTiles ?? 12, tileSize, thumbnail: useThumbnail };
    const crops = options.maskTokens === 'mask2token' ? [...references, ...candidates] : [];
    const prepared = prepareRegions(image, crops, { ...tiling, contextScale: options.contextScale ?? 2, grid });
    const encoded = await encodeForNaming(model, prepared.tiles, prepared.tileCount, prepared.regions);
    let tokens: Float32Array[];
    if (options.maskTokens === 'mask2token') {
      tokens = encoded.regions;
    } else {
      const wholeImage = { tokens: encoded.wholeImage, tiles: tileGrid(image.width, image.height, tiling), grid, hidden: hiddenSize };
      tokens = [...references.map((m, i) => poolMaskToken(m, wholeImage, `references[${i}]`)), ...candidates.map((m, i) => poolMaskToken(m, wholeImage, `candidates[${i}]`))];
    }
    const referenceTokens = tokens.slice(0, references.length);
    const prompt = referPrompt(model, {
      text,
      wholeImageTokens: prepared.tileCount * tokensPerTile,
      referenceTokens: referenceTokens.map((t) => t.length / hiddenSize),
      ...(options.question === undefined ? {} : { question: options.question }),
    });
    const context = await referContext(model, prompt, concatFloat32([encoded.wholeImage, ...referenceTokens]));
    return readCandidates(model, prompt, context, tokens.slice(references.length), options.memoryBudgetBytes ?? 2 ** 30);
  });
}

function checkMasks(masks: readonly Mask[], image: RgbImage, field: string): readonly Mask[] {
  if (!Array.isArray(masks)) throw new InvalidInputError(field, 'an array of masks');
  masks.forEach((mask, i) => {
    assertMask(mask, `${field}[${i}]`);
    if (mask.width !== image.width || mask.height !== image.height) {
      throw new InvalidInputError(`${field}[${i}]`, `the image's size ${image.width} × ${image.height}`, `got ${mask.width} × ${mask.height}`);
    }
    if (!mask.data.includes(1)) throw new InvalidInputError(`${field}[${i}]`, 'a mask with at least one pixel set', 'it is empty');
  });
  return masks;
}
