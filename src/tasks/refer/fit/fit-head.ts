/**
 * `refer fit`: RAS's linear head on the frozen model — every example's candidates read once (and
 * cached), split by example into training and held-out sets, logistic regression, a threshold.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { RgbImage } from '../../../core/image/rgb-image.js';
import type { Mask } from '../../../core/mask.js';
import { seededRandom } from '../../../core/random.js';
import type { InternVLModel } from '../../../models/internvl/index.js';
import { withInternVL } from '../../loaded-models.js';
import type { MaskTokenKind, ReferHead } from '../heads.js';
import { readReferCandidates } from '../refer.js';
import type { CandidateReading } from '../score-candidates.js';
import { featureKey, readCachedFeatures, writeCachedFeatures } from './feature-cache.js';
import { fitLogistic, type LogisticOptions } from './logistic.js';

/** One request with its candidate pool and which candidates belong to the target group. */
export interface FitExample {
  /** Stable identity of the example (dataset, id, text, pool), part of the feature cache key. */
  key: string;
  text: string;
  image: () => Promise<RgbImage>;
  candidates: () => Mask[];
  /** 1 for each candidate in the target group; all 0 for a request with no target. */
  labels: Uint8Array;
}

export interface FitOptions {
  model: InternVLModel | string;
  maskTokens?: MaskTokenKind;
  /** Where candidate features are cached; required, so a second fit of the same data reads them. */
  cacheDir: string;
  /** Share of examples held out for early stopping and the threshold; default 0.2. */
  validationFraction?: number;
  seed?: number;
  maxTiles?: number;
  contextScale?: number;
  question?: string;
  logistic?: LogisticOptions;
  onProgress?: (phase: 'features' | 'fit', done: number, total: number) => void;
}

export interface FitReport {
  examples: number;
  candidates: number;
  positives: number;
  trainCandidates: number;
  validationCandidates: number;
  /** Examples whose features came from the cache. */
  cached: number;
  trainLoss: number[];
  validationLoss: number[];
  bestEpoch: number;
  positiveWeight: number;
  threshold: number;
  trainAccuracy: number;
  validationAccuracy: number;
  /** Training candidates on the wrong side of the threshold: 0 when the head separates them all. */
  trainErrors: number;
}

export async function fitReferHead(examples: readonly FitExample[], options: FitOptions): Promise<{ head: Extract<ReferHead, { kind: 'linear' }>; report: FitReport }> {
  if (examples.length < 2) throw new InvalidInputError('examples', 'at least 2 examples (one to fit, one held out)', `got ${examples.length}`);
  const fraction = options.validationFraction ?? 0.2;
  if (!(fraction >= 0 && fraction < 1)) throw new InvalidInputError('validationFraction', 'a number from 0 up to (not including) 1', `got ${fraction}`);
  const maskTokens = options.maskTokens ?? 'pool';
  let cached = 0;
  const readings = await withInternVL(options.model, async (model) => {
    const modelId = { vision: model.manifest.files['vision.onnx']?.sha256, decoder: model.manifest.files['decoder.onnx']?.sha256 };
    const settings = { maskTokens, maxTiles: options.maxTiles ?? 12, contextScale: options.contextScale ?? 2, question: options.question ?? null };
    const read: CandidateReading[][] = [];
    for (const [i, example] of examples.entries()) {
      const key = featureKey({ modelId, settings, example: example.key, text: example.text });
      let features = await readCachedFeatures(options.cacheDir, key);
      if (features?.length === example.labels.length) {
        cached++;
      } else {
        features = await readReferCandidates(await example.image(), example.text, {
          model,
          candidates: example.candidates(),
          maskTokens,
          maxTiles: settings.maxTiles,
          contextScale: settings.contextScale,
          ...(options.question === undefined ? {} : { question: options.question }),
        });
        if (features.length !== example.labels.length) {
          throw new InvalidInputError(`examples[${i}].labels`, `one label per candidate (${features.length})`, `got ${example.labels.length}`);
        }
        await writeCachedFeatures(options.cacheDir, key, features);
      }
      read.push(features);
      options.onProgress?.('features', i + 1, examples.length);
    }
    return read;
  });

  const dims = readings.find((r) => r.length > 0)?.[0]?.hidden.length ?? 0;
  const order = shuffled(examples.length, options.seed ?? 0);
  const held = fraction === 0 ? 0 : Math.max(1, Math.round(examples.length * fraction));
  const split = (indices: number[]) => gather(indices.map((i) => ({ readings: readings[i]!, labels: examples[i]!.labels })), dims);
  const validation = split(order.slice(0, held));
  const train = split(order.slice(held));
  const maxEpochs = options.logistic?.maxEpochs;
  const fit = fitLogistic(train, validation, dims, {
    ...options.logistic,
    onEpoch: (epoch, trainLoss, validationLoss) => {
      options.logistic?.onEpoch?.(epoch, trainLoss, validationLoss);
      options.onProgress?.('fit', epoch + 1, maxEpochs ?? 2000);
    },
  });
  const score = (features: Float32Array, i: number) => {
    let z = fit.bias;
    for (let d = 0; d < dims; d++) z += fit.weight[d]! * features[i * dims + d]!;
    return z;
  };
  const trainScores = Array.from(train.labels, (_, i) => score(train.features, i));
  const validationScores = Array.from(validation.labels, (_, i) => score(validation.features, i));
  const threshold = validation.labels.includes(1) ? bestF1Threshold(validationScores, validation.labels) : 0;
  const errors = (scores: number[], labels: Uint8Array) => scores.reduce((n, s, i) => n + ((s > threshold ? 1 : 0) === labels[i] ? 0 : 1), 0);
  const trainErrors = errors(trainScores, train.labels);
  const report: FitReport = {
    examples: examples.length,
    candidates: train.labels.length + validation.labels.length,
    positives: [...train.labels, ...validation.labels].reduce((s, v) => s + v, 0),
    trainCandidates: train.labels.length,
    validationCandidates: validation.labels.length,
    cached,
    trainLoss: fit.trainLoss,
    validationLoss: fit.validationLoss,
    bestEpoch: fit.bestEpoch,
    positiveWeight: fit.positiveWeight,
    threshold,
    trainAccuracy: 1 - trainErrors / train.labels.length,
    validationAccuracy: validation.labels.length === 0 ? NaN : 1 - errors(validationScores, validation.labels) / validation.labels.length,
    trainErrors,
  };
  return { head: { kind: 'linear', weight: fit.weight, bias: fit.bias, threshold, maskTokens, hidden: dims }, report };
}

/** The logit threshold (a midpoint between sorted scores) with the best F1 of selecting the positives. */
function bestF1Threshold(scores: number[], labels: Uint8Array): number {
  const sorted = [...new Set(scores)].sort((a, b) => a - b);
  const cuts = [sorted[0]! - 1, ...sorted.slice(1).map((s, i) => (s + sorted[i]!) / 2)];
  let best = { f1: -1, cut: 0 };
  for (const cut of cuts) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    scores.forEach((s, i) => {
      if (s > cut && labels[i]) tp++;
      else if (s > cut) fp++;
      else if (labels[i]) fn++;
    });
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1 + 1e-12) best = { f1, cut };
  }
  return best.cut;
}

function gather(parts: { readings: CandidateReading[]; labels: Uint8Array }[], dims: number): { features: Float32Array; labels: Uint8Array } {
  const count = parts.reduce((n, p) => n + p.labels.length, 0);
  const features = new Float32Array(count * dims);
  const labels = new Uint8Array(count);
  let row = 0;
  for (const part of parts) {
    part.readings.forEach((reading, k) => {
      features.set(reading.hidden, (row + k) * dims);
      labels[row + k] = part.labels[k]!;
    });
    row += part.labels.length;
  }
  return { features, labels };
}

function shuffled(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

