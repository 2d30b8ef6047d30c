/**
 * How a candidate's reading becomes a score: zero-shot (the LM head's Yes against No) or RAS's
 * binary classifier, a linear head over the last hidden state kept in a small safetensors file.
 */
import { InvalidInputError } from '../../core/errors.js';
import { SafetensorsFile, writeSafetensors } from '../../models/safetensors/index.js';
import type { CandidateReading } from './score-candidates.js';

export type MaskTokenKind = 'pool' | 'mask2token';
export const MASK_TOKEN_KINDS: readonly MaskTokenKind[] = ['pool', 'mask2token'];

/** Scores are logits: a candidate is selected when its score is above `threshold` (0 is probability one half). */
export type ReferHead =
  | { kind: 'zero-shot'; threshold: number }
  | { kind: 'linear'; weight: Float32Array; bias: number; threshold: number; maskTokens: MaskTokenKind; hidden: number };

export const zeroShotHead: ReferHead = { kind: 'zero-shot', threshold: 0 };

/** A head file's format marker, in its safetensors metadata. */
export const HEAD_FORMAT = 'owseg.refer-head';

export function scoreReading(head: ReferHead, reading: CandidateReading): number {
  if (head.kind === 'zero-shot') return reading.yesNo;
  if (reading.hidden.length !== head.hidden) {
    throw new InvalidInputError('head', `a head for hidden size ${reading.hidden.length}`, `it was fitted for ${head.hidden}`);
  }
  let sum = head.bias;
  for (let d = 0; d < head.hidden; d++) sum += head.weight[d]! * reading.hidden[d]!;
  return sum;
}

/** The logistic function, in the form whose exp cannot overflow on either side. */
export function sigmoid(logit: number): number {
  return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
}

/** Writes a linear head: tensors `weight` [hidden] and `bias` [1] (float32), threshold and mask-token kind in the metadata. */
export async function writeLinearHead(path: string, head: Extract<ReferHead, { kind: 'linear' }>, metadata: Record<string, string> = {}): Promise<void> {
  const tensors = [
    { name: 'weight', dtype: 'F32' as const, shape: [head.hidden] },
    { name: 'bias', dtype: 'F32' as const, shape: [1] },
  ];
  const bytes = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  await writeSafetensors(path, tensors, (t) => (t.name === 'weight' ? bytes(head.weight) : bytes(Float32Array.of(head.bias))), {
    ...metadata,
    format: HEAD_FORMAT,
    threshold: String(head.threshold),
    mask_tokens: head.maskTokens,
  });
}

export async function readLinearHead(path: string): Promise<Extract<ReferHead, { kind: 'linear' }>> {
  const file = await SafetensorsFile.open(path);
  try {
    const { metadata } = file.header;
    if (metadata.format !== HEAD_FORMAT) throw new InvalidInputError(`${path}: __metadata__.format`, `"${HEAD_FORMAT}" (a head written by owseg refer fit)`, `got ${JSON.stringify(metadata.format)}`);
    const maskTokens = metadata.mask_tokens as MaskTokenKind;
    if (!MASK_TOKEN_KINDS.includes(maskTokens)) throw new InvalidInputError(`${path}: __metadata__.mask_tokens`, MASK_TOKEN_KINDS.join(' or '), `got ${JSON.stringify(metadata.mask_tokens)}`);
    const threshold = Number(metadata.threshold);
    if (!Number.isFinite(threshold)) throw new InvalidInputError(`${path}: __metadata__.threshold`, 'a number', `got ${JSON.stringify(metadata.threshold)}`);
    const weightInfo = file.info('weight');
    if (weightInfo.shape.length !== 1) throw new InvalidInputError(`${path}: tensor weight.shape`, '[hidden]', `got [${weightInfo.shape.join(', ')}]`);
    const biasInfo = file.info('bias');
    if (biasInfo.shape.length !== 1 || biasInfo.shape[0] !== 1) throw new InvalidInputError(`${path}: tensor bias.shape`, '[1]', `got [${biasInfo.shape.join(', ')}]`);
    const weight = await file.readFloat32('weight');
    const [bias] = await file.readFloat32('bias');
    return { kind: 'linear', weight, bias: bias!, threshold, maskTokens, hidden: weight.length };
  } finally {
    await file.close();
  }
}
