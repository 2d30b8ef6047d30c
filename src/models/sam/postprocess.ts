/**
 * Low-resolution mask logits → logits at the original image size, as SAM's postprocess_masks and
 * the HF processors' post_process_masks do: bilinear to the padded input, crop, bilinear again.
 */
import { resizePlanes } from '../../core/image/resize.js';
import type { SamGeometry } from './preprocess.js';

/**
 * One [maskSize, maskSize] plane upscaled with F.interpolate(bilinear, align_corners=False) to the
 * model input, cropped to the resized image (dropping the padding), and resized to the original.
 */
export function upscalePlane(plane: Float32Array, maskSize: number, geometry: SamGeometry): Float32Array {
  const side = geometry.padSize;
  const torch = { filter: 'bilinear', convention: 'torch' } as const;
  const { height, width } = geometry.inputSize;
  // Only the rows and columns the crop keeps are computed: the values are those of resize-then-crop.
  const cropped = resizePlanes(plane, 1, maskSize, maskSize, side, side, { ...torch, crop: { height, width } });
  const { height: outHeight, width: outWidth } = geometry.originalSize;
  // A same-size bilinear resize samples every pixel at its own centre: the identity, so skip it.
  if (outHeight === height && outWidth === width) return cropped;
  return resizePlanes(cropped, 1, height, width, outHeight, outWidth, torch);
}
