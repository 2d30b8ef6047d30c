/**
 * The model interface SAM's everything-mode needs: encode an image once, then point prompts in
 * batches. Hand-written (as all of tasks/everything) because no maintained JS library implements it.
 */
import type { RgbImage } from '../../core/image/index.js';
import type { LogitThresholds } from '../../models/sam/index.js';

/** A promptable mask model (SAM and its family) as the automatic mask generator uses it. */
export interface PromptPredictor {
  /** Runs the image encoder once; every prompt on the result reuses that embedding. */
  encode(image: RgbImage): Promise<EncodedImage>;
}

/** One encoded image; masks come back at its own size (`width` × `height`). */
export interface EncodedImage {
  readonly width: number;
  readonly height: number;
  /**
   * One positive point per prompt. `pointsXY` holds N × 2 coordinates in pixels of the encoded
   * image (x then y). Float64 because the reference scales its grid in float64 and only rounds to
   * float32 after normalising the points; float32 here would move some points by an ulp.
   */
  predictPoints(pointsXY: Float64Array, options: { multimask: boolean }): Promise<PointPredictions>;
  /** Frees the embedding (ONNX tensors); the generator calls it once a crop is done. */
  dispose?(): void;
}

/**
 * The masks of one batch of prompts, mask k of prompt p at index p × masksPerPrompt + k.
 * Logits are never handed over whole: the generator only needs them compared with thresholds, one
 * mask at a time, so a predictor can decide most pixels without computing their logit (64 prompts
 * × 3 masks of 1024 × 768 float32 would be 600 MB).
 */
export interface PointPredictions {
  readonly count: number;
  readonly masksPerPrompt: number;
  /** Predicted IoU of each mask, float32 as the model gives it. */
  readonly iou: Float32Array;
  /**
   * Mask `index`'s logits at the encoded image's size compared with float32 thresholds: writes
   * `logit > thresholds.mask` as 0/1 into `mask` (row-major height × width) and, for each k, the
   * count of `logit > thresholds.counted[k]` in row y into `rowCounts[k × height + y]`.
   */
  threshold(index: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void;
}
