/**
 * SamModel: the runner over an opened SAM-family pack. One image encoding is reused for every
 * prompt; decode batches prompts as the export allows; logits are upscaled as SAM does.
 */
import { InvalidInputError } from '../../core/errors.js';
import { assertRgbImage, type RgbImage } from '../../core/image/rgb-image.js';
import type { Session } from '../../onnx/session-types.js';
import { float32Tensor, type Tensor } from '../../onnx/tensor.js';
import { decodeOfficial } from './decode-official.js';
import { decodeTransformers } from './decode-transformers.js';
import type { SamLayout } from './layouts.js';
import { upscalePlane } from './postprocess.js';
import { UpscaleThresholder, type LogitThresholds } from './threshold-upscaled.js';
import { preprocessImage, type SamGeometry } from './preprocess.js';
import type { SamPreprocessConfig } from './preprocess-config.js';
import { checkPrompts, type SamPrompts } from './prompts.js';
import { selectMasks, type DecodedMasks } from './select-masks.js';
import type { SessionBinding } from './session-check.js';

/** An encoded image: the encoder's features as the decoder takes them, and where the image sits in the model input. */
export interface SamEmbedding extends SamGeometry {
  readonly layout: SamLayout;
  /** Decoder input name → tensor. */
  readonly features: Readonly<Record<string, Tensor>>;
}

export interface SamDecodeResult extends DecodedMasks {
  /** Side of each low-resolution logit plane (256). */
  maskSize: number;
}

export interface SamSessions {
  encoder: Session;
  decoder: Session;
}

export class SamModel {
  readonly family = 'sam';
  readonly layout: SamLayout;
  readonly preprocess: SamPreprocessConfig;
  readonly sessions: SamSessions;
  /** The decoder's ONNX file, when loaded from a folder: what a browser runs over a served embedding. */
  readonly decoderFile: string | undefined;
  private readonly binding: SessionBinding;
  /** One thresholder per embedding: its taps depend only on the embedding's geometry. */
  private readonly thresholders = new WeakMap<SamEmbedding, UpscaleThresholder>();

  constructor(layout: SamLayout, preprocess: SamPreprocessConfig, sessions: SamSessions, binding: SessionBinding, decoderFile?: string) {
    this.layout = layout;
    this.preprocess = preprocess;
    this.sessions = sessions;
    this.binding = binding;
    this.decoderFile = decoderFile;
  }

  /** Side of the decoder's low-resolution logits and of maskInput planes. */
  get maskSize(): number {
    return this.preprocess.maskSize;
  }

  /** Resizes, normalises and pads the image as the layout's processor does, and runs the encoder once. */
  async encodeImage(image: RgbImage): Promise<SamEmbedding> {
    assertRgbImage(image);
    const { pixels, geometry } = preprocessImage(image, this.preprocess);
    const side = geometry.padSize;
    const out = await this.sessions.encoder.run({ [this.binding.encoderInput]: float32Tensor([1, 3, side, side], pixels) });
    const features: Record<string, Tensor> = {};
    for (const [output, input] of Object.entries(this.binding.features)) features[input] = out[output]!;
    return { layout: this.layout, features, ...geometry };
  }

  /**
   * Decodes P prompts against one embedding. Points and boxes are in original-image pixels; they
   * are mapped into the model input here. Returns P×M IoU predictions and P×M low-res logit planes.
   */
  async decode(embedding: SamEmbedding, prompts: SamPrompts): Promise<SamDecodeResult> {
    this.checkEmbedding(embedding);
    const checked = checkPrompts(prompts, embedding.originalSize, this.maskSize);
    const raw =
      this.layout === 'official'
        ? await decodeOfficial(this.sessions.decoder, { ...embedding.features }, embedding, checked, this.maskSize, this.binding.batchedPrompts ?? false)
        : await decodeTransformers(this.layout, this.sessions.decoder, { ...embedding.features }, embedding, checked);
    const plane = this.maskSize * this.maskSize;
    if (raw.lowRes.length !== raw.iou.length * plane) {
      throw new Error(`SAM decoder returned ${raw.lowRes.length} logits for ${raw.iou.length} masks; expected ${this.maskSize}×${this.maskSize} each`);
    }
    return { ...selectMasks(raw.iou, raw.lowRes, checked.count, raw.exported, plane, checked.multimask), maskSize: this.maskSize };
  }

  /** Low-res plane `index` (prompt × M + mask) of `lowRes` as logits at the original image size, row-major. */
  upscaleLogits(embedding: SamEmbedding, lowRes: Float32Array, index: number): Float32Array {
    return upscalePlane(this.plane(embedding, lowRes, index), this.maskSize, embedding);
  }

  /**
   * `upscaleLogits(embedding, lowRes, index)` compared with float32 thresholds, bit for bit the same
   * verdicts without computing most logits: `logit > thresholds.mask` as 0/1 into `mask` (original
   * height × width) and, per row y, the count of `logit > thresholds.counted[k]` into
   * `rowCounts[k × height + y]`.
   */
  thresholdLogits(embedding: SamEmbedding, lowRes: Float32Array, index: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
    const plane = this.plane(embedding, lowRes, index);
    let thresholder = this.thresholders.get(embedding);
    if (!thresholder) this.thresholders.set(embedding, (thresholder = new UpscaleThresholder(this.maskSize, embedding)));
    const { width, height } = embedding.originalSize;
    if (!(mask instanceof Uint8Array) || mask.length !== width * height) {
      throw new InvalidInputError('mask', `a Uint8Array of ${width}×${height} (the original image)`, `got length ${(mask as { length?: number })?.length}`);
    }
    const rows = thresholds.counted.length * height;
    if (!(rowCounts instanceof Int32Array) || rowCounts.length !== rows) {
      throw new InvalidInputError('rowCounts', `an Int32Array of ${rows} (one count per threshold and row)`, `got length ${(rowCounts as { length?: number })?.length}`);
    }
    thresholder.threshold(plane, thresholds, mask, rowCounts);
  }

  /** Plane `index` of `lowRes`, checked. */
  private plane(embedding: SamEmbedding, lowRes: Float32Array, index: number): Float32Array {
    this.checkEmbedding(embedding);
    const plane = this.maskSize * this.maskSize;
    if (!(lowRes instanceof Float32Array) || lowRes.length % plane !== 0) {
      throw new InvalidInputError('lowRes', `a Float32Array of ${this.maskSize}×${this.maskSize} planes`, `got length ${(lowRes as { length?: number })?.length}`);
    }
    if (!Number.isInteger(index) || index < 0 || index >= lowRes.length / plane) {
      throw new InvalidInputError('index', `a plane index from 0 to ${lowRes.length / plane - 1}`, `got ${index}`);
    }
    return lowRes.subarray(index * plane, (index + 1) * plane);
  }

  async release(): Promise<void> {
    await Promise.all([this.sessions.encoder.release(), this.sessions.decoder.release()]);
  }

  private checkEmbedding(embedding: SamEmbedding): void {
    if (typeof embedding !== 'object' || embedding === null || typeof embedding.features !== 'object') {
      throw new InvalidInputError('embedding', 'a SamEmbedding from encodeImage');
    }
    if (embedding.layout !== this.layout || embedding.padSize !== this.preprocess.size) {
      throw new InvalidInputError('embedding', `an embedding from a ${this.layout} model with ${this.preprocess.size}² input`, `got ${embedding.layout}, ${embedding.padSize}²`);
    }
  }
}
