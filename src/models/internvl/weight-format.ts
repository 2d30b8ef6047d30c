/**
 * How a converted InternVL pack stores its weights (fp32, fp16, int8, int4): the options `owseg
 * convert --weights` takes and the record of the scheme kept in owseg.json.
 */
import { InvalidInputError } from '../../core/errors.js';
import { checkBlockwiseOptions } from '../../onnx/index.js';

export const WEIGHT_FORMATS = ['fp32', 'fp16', 'int8', 'int4'] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

export interface WeightSchemeOptions {
  format?: WeightFormat;
  /** int8 / int4: weights per quantisation block along a Linear's input axis; default 128. */
  blockSize?: number;
  /** int8 / int4: symmetric blocks (no zero points); default true for int8, false for int4. */
  symmetric?: boolean;
}

/** The scheme as recorded in owseg.json under `weights`. */
export interface WeightScheme {
  format: WeightFormat;
  /** Every Linear of the vision encoder, projector and LLM, and the LM head. */
  linear: 'float32' | 'float16 storage, float32 compute' | 'MatMulNBits';
  /** MatMulNBits only. */
  bits?: 4 | 8;
  blockSize?: number;
  symmetric?: boolean;
  /** MatMulNBits' accuracy_level: 4 = int8 compute. */
  accuracyLevel?: number;
  /** MatMulNBits only: the LM head's bits; 8 in int4 packs, whose logits a 4-bit head moves most (see docs/models.md). */
  lmHeadBits?: 4 | 8;
  /** The token embedding table of embed.onnx. */
  embeddings: 'float32' | 'float16' | 'int8 per row';
  /** LayerNorm / RMSNorm weights, biases, position embeddings, the patch convolution. */
  other: 'float32';
}

/**
 * Blocks of 128: ORT's int8-compute kernel scales each block's partial sum, so longer blocks cost
 * less (int8, 2 cores, min of 7: 14.5 vs 19.1 ms at the LLM's 512 × 896 × 4864, fp32 23.3 ms; 29.3 vs
 * 37.4 ms at the vision encoder's 1025 × 1024 × 4096, fp32 65 ms). 128 divides every InternVL3-1B
 * width; on the tiny checkpoints 32 and 128 gave the same logits cosine to the third decimal.
 */
export const defaultBlockSize = 128;

/** int8 compute: ORT's fastest MatMulNBits path on CPUs with VNNI or AVX2, used for 4- and 8-bit weights alike. */
const int8ComputeLevel = 4;

export function parseWeightFormat(value: string, field = 'weights'): WeightFormat {
  if (!(WEIGHT_FORMATS as readonly string[]).includes(value)) throw new InvalidInputError(field, WEIGHT_FORMATS.join(' | '), `got ${JSON.stringify(value)}`);
  return value as WeightFormat;
}

export function weightScheme(options: WeightSchemeOptions = {}): WeightScheme {
  const format = parseWeightFormat(options.format ?? 'fp32');
  if (format === 'fp32' || format === 'fp16') {
    for (const key of ['blockSize', 'symmetric'] as const) {
      if (options[key] !== undefined) throw new InvalidInputError(key, `int8 or int4 weights (it has no meaning for ${format})`);
    }
    return format === 'fp32'
      ? { format, linear: 'float32', embeddings: 'float32', other: 'float32' }
      : { format, linear: 'float16 storage, float32 compute', embeddings: 'float16', other: 'float32' };
  }
  const bits = format === 'int8' ? 8 : 4;
  const blockSize = options.blockSize ?? defaultBlockSize;
  const symmetric = options.symmetric ?? bits === 8;
  checkBlockwiseOptions({ bits, blockSize, symmetric });
  return { format, linear: 'MatMulNBits', bits, blockSize, symmetric, accuracyLevel: int8ComputeLevel, lmHeadBits: 8, embeddings: 'int8 per row', other: 'float32' };
}

/** The pack folder suffix that keeps packs of one checkpoint in different formats apart ('' for fp32, as before formats existed). */
export function weightFormatSuffix(format: WeightFormat): string {
  return format === 'fp32' ? '' : `-${format}`;
}
