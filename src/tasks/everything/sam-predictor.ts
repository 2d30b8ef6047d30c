/**
 * Adapts owseg's SAM runner (src/models/sam) to the generator's PromptPredictor: encode once per
 * crop, decode point batches, threshold one upscaled mask at a time. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import type { RgbImage } from '../../core/image/index.js';
import type { SamModel } from '../../models/sam/index.js';
import type { EncodedImage, PointPredictions, PromptPredictor } from './predictor.js';

/** The part of SamModel the generator uses. */
export type SamRunner = Pick<SamModel, 'encodeImage' | 'decode' | 'thresholdLogits'>;

/**
 * A PromptPredictor over a SAM-family model. Each batch keeps only the decoder's low-resolution
 * logits (P × 3 × 256²); a mask is thresholded at the crop's size (bilinear to the model input,
 * padding cut, bilinear to the crop, as SAM's postprocess_masks, without materialising the logits)
 * only when the generator asks for it, which is after the predicted-IoU filter. The runner takes
 * points as float32, so grid points are rounded to float32 before the resize transform, where
 * SamPredictor rounds after it: prompts can differ from PyTorch SAM's by float32 rounding (about
 * 1e-4 px at 1024), never more.
 */
export function samPredictor(model: SamRunner): PromptPredictor {
  return {
    async encode(image: RgbImage): Promise<EncodedImage> {
      const embedding = await model.encodeImage(image);
      return {
        width: image.width,
        height: image.height,
        async predictPoints(pointsXY: Float64Array, options: { multimask: boolean }): Promise<PointPredictions> {
          const count = pointsXY.length / 2;
          const result = await model.decode(embedding, {
            points: Float32Array.from(pointsXY),
            labels: new Float32Array(count).fill(1),
            pointsPerPrompt: 1,
            multimask: options.multimask,
          });
          return {
            count,
            masksPerPrompt: result.masksPerPrompt,
            iou: result.iou,
            threshold: (index, thresholds, mask, rowCounts) => model.thresholdLogits(embedding, result.lowResLogits, index, thresholds, mask, rowCounts),
          };
        },
      };
    },
  };
}
