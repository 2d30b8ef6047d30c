/**
 * Checks opened encoder/decoder sessions against a layout's published input and output names, and
 * tells transformers.js SAM from SAM 2 by the encoder's outputs; errors list what was found.
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Session } from '../../onnx/session-types.js';
import {
  OFFICIAL_DECODER_INPUTS,
  OFFICIAL_EMBEDDING_OUTPUT,
  TRANSFORMERS_BOXES,
  TRANSFORMERS_IOU,
  TRANSFORMERS_LABELS,
  TRANSFORMERS_MASKS,
  TRANSFORMERS_PIXELS,
  TRANSFORMERS_POINTS,
  TRANSFORMERS_SAM_FEATURES,
  sam2FeatureName,
  type SamLayout,
} from './layouts.js';

/** How the encoder's outputs become decoder feeds. */
export interface SessionBinding {
  encoderInput: string;
  /** Encoder output name → decoder input name. */
  features: Record<string, string>;
  /** Official layout: the decoder takes every prompt of a decode in one call (see official-decoder.ts). */
  batchedPrompts?: boolean;
}

/** transformers.js SAM has positional embeddings as a second encoder output; SAM 2 has numbered feature levels. */
export function transformersLayout(encoder: Session, where: string): SamLayout {
  if (encoder.outputNames.includes(TRANSFORMERS_SAM_FEATURES[1])) return 'transformers-sam';
  if (encoder.outputNames.includes(sam2FeatureName(0))) return 'transformers-sam2';
  throw new InvalidInputError(
    where,
    `a transformers.js SAM encoder (outputs ${TRANSFORMERS_SAM_FEATURES.join(', ')}) or SAM 2 encoder (outputs ${sam2FeatureName(0)}, ${sam2FeatureName(1)}, …)`,
    `its outputs are ${encoder.outputNames.join(', ')}`,
  );
}

export function bindSessions(layout: SamLayout, encoder: Session, decoder: Session, where: string): SessionBinding {
  return layout === 'official' ? bindOfficial(encoder, decoder, where) : bindTransformers(layout, encoder, decoder, where);
}

function bindOfficial(encoder: Session, decoder: Session, where: string): SessionBinding {
  if (encoder.inputs.length !== 1 || encoder.inputs[0]!.dims.length !== 4) {
    throw new InvalidInputError(`${where} encoder`, 'one 4-D image input [1, 3, 1024, 1024]', `its inputs are ${describe(encoder.inputs)}`);
  }
  const embedding = encoder.outputNames.includes(OFFICIAL_EMBEDDING_OUTPUT) ? OFFICIAL_EMBEDDING_OUTPUT : encoder.outputNames.length === 1 ? encoder.outputNames[0]! : undefined;
  if (embedding === undefined) {
    throw new InvalidInputError(`${where} encoder`, `an output named ${OFFICIAL_EMBEDDING_OUTPUT} or a single output`, `its outputs are ${encoder.outputNames.join(', ')}`);
  }
  requireNames(`${where} decoder`, 'inputs', decoder.inputNames, OFFICIAL_DECODER_INPUTS);
  requireNames(`${where} decoder`, 'outputs', decoder.outputNames, ['iou_predictions', 'low_res_masks']);
  return { encoderInput: encoder.inputNames[0]!, features: { [embedding]: 'image_embeddings' } };
}

function bindTransformers(layout: SamLayout, encoder: Session, decoder: Session, where: string): SessionBinding {
  requireNames(`${where} encoder`, 'inputs', encoder.inputNames, [TRANSFORMERS_PIXELS]);
  requireNames(`${where} decoder`, 'inputs', decoder.inputNames, [TRANSFORMERS_POINTS, TRANSFORMERS_LABELS]);
  requireNames(`${where} decoder`, 'outputs', decoder.outputNames, [TRANSFORMERS_IOU, TRANSFORMERS_MASKS]);
  const expected = layout === 'transformers-sam' ? [...TRANSFORMERS_SAM_FEATURES] : encoder.outputNames.filter((n) => /^image_embeddings\.\d+$/.test(n));
  requireNames(`${where} encoder`, 'outputs', encoder.outputNames, expected);
  const prompts = new Set([TRANSFORMERS_POINTS, TRANSFORMERS_LABELS, TRANSFORMERS_BOXES]);
  const features: Record<string, string> = {};
  for (const name of decoder.inputNames) {
    if (prompts.has(name)) continue;
    if (!encoder.outputNames.includes(name)) {
      throw new InvalidInputError(`${where} decoder`, `inputs the encoder provides (${encoder.outputNames.join(', ')}) plus prompts`, `it also needs ${name}`);
    }
    features[name] = name;
  }
  return { encoderInput: TRANSFORMERS_PIXELS, features };
}

function requireNames(where: string, kind: string, found: readonly string[], wanted: readonly string[]): void {
  const missing = wanted.filter((n) => !found.includes(n));
  if (missing.length > 0) throw new InvalidInputError(where, `${kind} ${wanted.join(', ')}`, `missing ${missing.join(', ')}; found ${found.join(', ')}`);
}

function describe(values: readonly { name: string; dims: readonly (number | string)[] }[]): string {
  return values.map((v) => `${v.name} [${v.dims.join(', ')}]`).join(', ') || 'none';
}
