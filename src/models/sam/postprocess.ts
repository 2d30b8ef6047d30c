/**
 * Low-resolution mask logits → logits at the original image size, as SAM's postprocess_masks and
 * the HF processors' post_process_masks do: bilinear to the padded input, crop, bilinear again.
 */
import { resizePlanes } from '../../core/image/index.js';
import type { SamGeometry } from './preprocess.js';

/**
 * One [maskSize, maskSize] plane upscaled with F.interpolate(bilinear, align_corners=False) to the
 * model input, cropped to the resized image (dropping the padding), and resized to the original.
 */
export function upscalePlane(plane: Float32Array, maskSize: number, geometry: SamGeometry): Float32Array {
  const side = geometry.padSize;
  const torch = { filter: 'bilinear', convention: 'torch' } as const;
  const padded = resizePlanes(plane, 1, maskSize, maskSize, side, side, torch);
  const { height, width } = geometry.inputSize;
  const cropped = height === side && width === side ? padded : crop(padded, side, height, width);
  const { height: outHeight, width: outWidth } = geometry.originalSize;
  return resizePlanes(cropped, 1, height, width, outHeight, outWidth, torch);
}

function crop(data: Float32Array, side: number, height: number, width: number): Float32Array {
  const out = new Float32Array(height * width);
  for (let y = 0; y < height; y++) out.set(data.subarray(y * side, y * side + width), y * width);
  return out;
}
