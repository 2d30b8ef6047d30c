/**
 * Image → encoder pixels and original-image points → model-input points, as SAM's
 * ResizeLongestSide (apply_image, apply_coords) and the HF SAM/SAM 2 processors compute them.
 */
import { resizeImage } from '../../core/image/resize.js';
import type { RgbImage } from '../../core/image/rgb-image.js';
import type { SamPreprocessConfig } from './preprocess-config.js';

export interface Size {
  height: number;
  width: number;
}

/** Where an image sits in the model input. */
export interface SamGeometry {
  originalSize: Size;
  /** The resized image inside the model input, before padding. */
  inputSize: Size;
  /** Side of the square model input (the padded size). */
  padSize: number;
}

/** ResizeLongestSide.get_preprocess_shape: scale in doubles, each side rounded as int(x + 0.5). */
export function samGeometry(originalSize: Size, config: SamPreprocessConfig): SamGeometry {
  const { height, width } = originalSize;
  if (config.resize === 'square') return { originalSize, inputSize: { height: config.size, width: config.size }, padSize: config.size };
  const scale = (config.size * 1.0) / Math.max(height, width);
  return {
    originalSize,
    inputSize: { height: Math.floor(height * scale + 0.5), width: Math.floor(width * scale + 0.5) },
    padSize: config.size,
  };
}

/**
 * The [3, size, size] float32 encoder input: Pillow resize, then per channel
 * (x · rescale − mean) / std in float32 (the order and precision of numpy/torch), zero padding
 * at the bottom and right.
 */
export function preprocessImage(image: RgbImage, config: SamPreprocessConfig): { pixels: Float32Array; geometry: SamGeometry } {
  const geometry = samGeometry({ height: image.height, width: image.width }, config);
  const { height, width } = geometry.inputSize;
  const resized = resizeImage(image, width, height, { filter: config.filter, convention: 'pil' });
  const side = geometry.padSize;
  const pixels = new Float32Array(3 * side * side);
  const f = Math.fround;
  for (let c = 0; c < 3; c++) {
    const mean = f(config.mean[c]!);
    const std = f(config.std[c]!);
    const plane = c * side * side;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = f(resized.data[(y * width + x) * 3 + c]! * config.rescale);
        pixels[plane + y * side + x] = f(f(v - mean) / std);
      }
    }
  }
  return { pixels, geometry };
}

/**
 * apply_coords: x · (new_w / old_w), y · (new_h / old_h) with the rounded new size; the HF
 * processors' reshape_input_points is the same formula. Pairs (x, y), in place of a copy.
 */
export function transformCoords(points: Float32Array, geometry: SamGeometry): Float32Array {
  const sx = geometry.inputSize.width / geometry.originalSize.width;
  const sy = geometry.inputSize.height / geometry.originalSize.height;
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    out[i] = points[i]! * sx;
    out[i + 1] = points[i + 1]! * sy;
  }
  return out;
}
