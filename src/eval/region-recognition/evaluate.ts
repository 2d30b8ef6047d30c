/**
 * Region recognition scores (Osprey protocol, used by WOW-Seg): Semantic Similarity and Semantic
 * IoU per region, averaged over all regions; from name pairs or from a ground-truth and a prediction file.
 */
import { InvalidInputError } from '../../core/errors.js';
import { cosineSimilarity, type TextEmbedder } from '../text-embedding.js';
import { CLEANUP_VARIANTS, cleanPair, type CleanupVariant, type LabelPair } from './cleanup.js';
import { semanticIoU } from './semantic-iou.js';

export interface RegionRecognitionOptions {
  /** all-MiniLM-L6-v2 in both reference protocols. */
  embedder: TextEmbedder;
  cleanup: CleanupVariant;
}

export interface RegionScore {
  /** The strings after clean-up, as they were embedded and split. */
  prediction: string;
  groundTruth: string;
  SS: number;
  SIoU: number;
}

export interface RegionRecognitionResult {
  /** Mean Semantic Similarity over regions (0 when there are none). */
  SS: number;
  /** Mean Semantic IoU over regions (0 when there are none). */
  SIoU: number;
  perInstance: RegionScore[];
}

/**
 * Scores each pair after the variant's clean-up: SS is the cosine of the two sentence embeddings
 * (of the cleaned strings, not lower-cased, as both scripts embed them), SIoU the word-set IoU of
 * the lower-cased strings.
 */
export async function evaluateRegionRecognition(pairs: readonly LabelPair[], options: RegionRecognitionOptions): Promise<RegionRecognitionResult> {
  if (!CLEANUP_VARIANTS.includes(options.cleanup)) {
    throw new InvalidInputError('cleanup', CLEANUP_VARIANTS.map((v) => `'${v}'`).join(' or '), `got ${JSON.stringify(options.cleanup)}`);
  }
  pairs.forEach((pair, i) => {
    if (typeof pair.prediction !== 'string') throw new InvalidInputError(`pairs[${i}].prediction`, 'a string');
    if (typeof pair.groundTruth !== 'string') throw new InvalidInputError(`pairs[${i}].groundTruth`, 'a string');
  });
  const cleaned = pairs.map((pair) => cleanPair(pair, options.cleanup));
  // One embedding call for all strings lets the embedder batch them.
  const vectors = cleaned.length === 0 ? [] : await options.embedder.embed(cleaned.flatMap((p) => [p.prediction, p.groundTruth]));
  if (vectors.length !== 2 * cleaned.length) {
    throw new InvalidInputError('embedder', `${2 * cleaned.length} vectors, one per text`, `got ${vectors.length}`);
  }
  const perInstance = cleaned.map((pair, i) => ({
    ...pair,
    SS: cosineSimilarity(vectors[2 * i]!, vectors[2 * i + 1]!),
    SIoU: semanticIoU(pair.prediction, pair.groundTruth),
  }));
  return { SS: mean(perInstance.map((s) => s.SS)), SIoU: mean(perInstance.map((s) => s.SIoU)), perInstance };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
