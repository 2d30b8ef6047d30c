/**
 * RAS's binary classifier fitted on frozen features: logistic regression with extra weight on
 * positives, on standardised features, full-batch Adam, early stopping on a held-out split.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { sigmoid } from '../heads.js';

export interface LogisticOptions {
  /** Loss weight of a positive candidate; default #negatives / #positives of the training split (balanced). */
  positiveWeight?: number;
  learningRate?: number;
  /** L2 penalty on the weights (not the bias). */
  l2?: number;
  maxEpochs?: number;
  /** Epochs without a better validation loss before stopping. */
  patience?: number;
  onEpoch?: (epoch: number, trainLoss: number, validationLoss: number) => void;
}

export interface LogisticFit {
  /** In the features' own scale (standardisation folded in). */
  weight: Float32Array;
  bias: number;
  /** Weighted binary cross-entropy per epoch. */
  trainLoss: number[];
  validationLoss: number[];
  /** The epoch whose weights were kept (fewest held-out errors, then lowest held-out loss). */
  bestEpoch: number;
  positiveWeight: number;
}

export const logisticDefaults = { learningRate: 0.05, l2: 1e-4, maxEpochs: 2000, patience: 100 } as const;

/**
 * Fits `train` and stops on `validation` (each rows × dims features with 0/1 labels). The kept
 * epoch has the fewest weighted held-out errors, then the lowest held-out loss: on data the head can
 * separate, the loss alone would stop early (it rises as the weights grow confident) while the errors
 * still fall. Training needs positives and negatives; an empty validation split judges on training.
 */
export function fitLogistic(train: { features: Float32Array; labels: Uint8Array }, validation: { features: Float32Array; labels: Uint8Array }, dims: number, options: LogisticOptions = {}): LogisticFit {
  const { learningRate, l2, maxEpochs, patience } = { ...logisticDefaults, ...options };
  const n = train.labels.length;
  if (train.features.length !== n * dims) throw new InvalidInputError('train.features', `${n} × ${dims} values`, `got ${train.features.length}`);
  if (validation.features.length !== validation.labels.length * dims) throw new InvalidInputError('validation.features', `${validation.labels.length} × ${dims} values`, `got ${validation.features.length}`);
  const positives = train.labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === n) {
    throw new InvalidInputError('labels', 'training candidates of both kinds (selected and not)', `all ${n} are ${positives === 0 ? 'negatives' : 'positives'}`);
  }
  const positiveWeight = options.positiveWeight ?? (n - positives) / positives;
  if (!(positiveWeight > 0)) throw new InvalidInputError('positiveWeight', 'a positive number', `got ${positiveWeight}`);

  const { mean, scale } = standardisation(train.features, n, dims);
  const x = standardise(train.features, mean, scale, dims);
  const xv = standardise(validation.features, mean, scale, dims);
  const w = new Float64Array(dims);
  let b = 0;
  const adam = { mw: new Float64Array(dims), vw: new Float64Array(dims), mb: 0, vb: 0 };
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = { errors: Infinity, loss: Infinity, epoch: 0, w: new Float64Array(dims), b: 0 };
  const grad = new Float64Array(dims);

  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    grad.fill(0);
    let gradB = 0;
    let loss = 0;
    let totalWeight = 0;
    for (let i = 0; i < n; i++) {
      const row = x.subarray(i * dims, (i + 1) * dims);
      const z = dot(w, row) + b;
      const y = train.labels[i]!;
      const weight = y ? positiveWeight : 1;
      loss += weight * crossEntropy(z, y);
      totalWeight += weight;
      const residual = weight * (sigmoid(z) - y);
      for (let d = 0; d < dims; d++) grad[d] = grad[d]! + residual * row[d]!;
      gradB += residual;
    }
    for (let d = 0; d < dims; d++) grad[d] = grad[d]! / totalWeight + l2 * w[d]!;
    gradB /= totalWeight;
    trainLoss.push(loss / totalWeight);
    const vLoss = weightedLoss(xv, validation.labels, w, b, dims, positiveWeight);
    validationLoss.push(vLoss);
    options.onEpoch?.(epoch, loss / totalWeight, vLoss);
    const judged = validation.labels.length > 0 ? { x: xv, labels: validation.labels, loss: vLoss } : { x, labels: train.labels, loss: loss / totalWeight };
    const errors = weightedErrors(judged.x, judged.labels, w, b, dims, positiveWeight);
    if (errors < best.errors || (errors === best.errors && judged.loss < best.loss - 1e-12)) best = { errors, loss: judged.loss, epoch, w: Float64Array.from(w), b };
    else if (epoch - best.epoch >= patience) break;
    adamStep(w, grad, adam.mw, adam.vw, epoch + 1, learningRate);
    const step = adamScalar(gradB, adam.mb, adam.vb, epoch + 1, learningRate);
    adam.mb = step.m;
    adam.vb = step.v;
    b -= step.delta;
  }
  // Back to the features' own scale: w·((x − mean) / scale) + b = (w / scale)·x + (b − Σ w·mean / scale).
  const weight = Float32Array.from(best.w, (v, d) => v / scale[d]!);
  const bias = best.b - best.w.reduce((sum, v, d) => sum + (v * mean[d]!) / scale[d]!, 0);
  return { weight, bias, trainLoss, validationLoss, bestEpoch: best.epoch, positiveWeight };
}

/** −log σ(z) for a positive, −log(1 − σ(z)) for a negative, computed without overflow. */
function crossEntropy(z: number, y: number): number {
  const softplus = (t: number) => (t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t)));
  return y ? softplus(-z) : softplus(z);
}

function weightedLoss(x: Float64Array, labels: Uint8Array, w: Float64Array, b: number, dims: number, positiveWeight: number): number {
  if (labels.length === 0) return NaN;
  let loss = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const weight = labels[i] ? positiveWeight : 1;
    loss += weight * crossEntropy(dot(w, x.subarray(i * dims, (i + 1) * dims)) + b, labels[i]!);
    total += weight;
  }
  return loss / total;
}

/** Misclassified rows at logit 0, positives counting `positiveWeight` each. */
function weightedErrors(x: Float64Array, labels: Uint8Array, w: Float64Array, b: number, dims: number, positiveWeight: number): number {
  let errors = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = dot(w, x.subarray(i * dims, (i + 1) * dims)) + b > 0 ? 1 : 0;
    if (predicted !== labels[i]) errors += labels[i] ? positiveWeight : 1;
  }
  return errors;
}

function dot(w: Float64Array, x: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < w.length; d++) sum += w[d]! * x[d]!;
  return sum;
}

function standardisation(features: Float32Array, n: number, dims: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims);
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) mean[d] = mean[d]! + features[i * dims + d]! / n;
  for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) scale[d] = scale[d]! + (features[i * dims + d]! - mean[d]!) ** 2 / n;
  // A constant feature keeps scale 1: it cannot separate anything and must not blow up.
  for (let d = 0; d < dims; d++) scale[d] = Math.sqrt(scale[d]!) > 1e-8 ? Math.sqrt(scale[d]!) : 1;
  return { mean, scale };
}

function standardise(features: Float32Array, mean: Float64Array, scale: Float64Array, dims: number): Float64Array {
  return Float64Array.from(features, (v, k) => (v - mean[k % dims]!) / scale[k % dims]!);
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

function adamStep(w: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, t: number, rate: number): void {
  for (let d = 0; d < w.length; d++) {
    const step = adamScalar(grad[d]!, m[d]!, v[d]!, t, rate);
    m[d] = step.m;
    v[d] = step.v;
    w[d] = w[d]! - step.delta;
  }
}

function adamScalar(g: number, m: number, v: number, t: number, rate: number): { m: number; v: number; delta: number } {
  const m1 = BETA1 * m + (1 - BETA1) * g;
  const v1 = BETA2 * v + (1 - BETA2) * g * g;
  const delta = (rate * (m1 / (1 - BETA1 ** t))) / (Math.sqrt(v1 / (1 - BETA2 ** t)) + EPSILON);
  return { m: m1, v: v1, delta };
}
