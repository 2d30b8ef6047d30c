/**
 * How a SAM-family encoder wants its pixels: resize rule, padding, rescale and mean/std. Read from
 * a transformers.js preprocessor_config.json, or SAM's own defaults for the official export pair.
 */
import type { ResizeFilter } from '../../core/image/resize.js';
import { JsonFields } from '../internvl/json-fields.js';

export interface SamPreprocessConfig {
  /**
   * 'longest-side': SAM's ResizeLongestSide (aspect ratio kept, longest side = `size`, the other
   * side int(x + 0.5)) then zero padding at the bottom/right up to `size`². 'square': stretched to
   * `size`² with no padding, as SAM 2's processors do.
   */
  resize: 'longest-side' | 'square';
  /** Side of the square model input in pixels (1024 for every published SAM). */
  size: number;
  /** Pillow filter of the resize (SAM: BILINEAR, the default of torchvision's resize on a PIL image). */
  filter: ResizeFilter;
  /** Factor applied to 0…255 values before mean/std (1 for SAM's own pixel mean/std, 1/255 for HF's). */
  rescale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Side of the decoder's low-resolution logits and of mask_input (256 for every published SAM). */
  maskSize: number;
}

/** segment_anything/modeling/sam.py: pixel_mean / pixel_std on 0…255 values, ResizeLongestSide(1024). */
export const officialSamPreprocess: SamPreprocessConfig = {
  resize: 'longest-side',
  size: 1024,
  filter: 'bilinear',
  rescale: 1,
  mean: [123.675, 116.28, 103.53],
  std: [58.395, 57.12, 57.375],
  maskSize: 256,
};

// PIL resample codes as HF stores them in `resample`.
const PIL_FILTERS: Record<number, ResizeFilter> = { 0: 'nearest', 2: 'bilinear', 3: 'bicubic' };

/**
 * A transformers.js/HF preprocessor_config.json: `size.longest_edge` means ResizeLongestSide plus
 * `pad_size` padding (SAM); `size.height` = `size.width` means a square stretch (SAM 2).
 */
export function parsePreprocessorConfig(file: string, json: unknown): SamPreprocessConfig {
  const root = new JsonFields(file, json);
  const size = root.object('size');
  const rescale = root.optional('do_rescale', (k) => root.boolean(k), true) ? root.optional('rescale_factor', (k) => root.number(k), 1 / 255) : 1;
  const doNormalize = root.optional('do_normalize', (k) => root.boolean(k), true);
  const mean = doNormalize ? triple(root, 'image_mean') : ([0, 0, 0] as [number, number, number]);
  const std = doNormalize ? triple(root, 'image_std') : ([1, 1, 1] as [number, number, number]);
  const resample = root.optional('resample', (k) => root.integer(k), 2);
  const filter = PIL_FILTERS[resample];
  if (filter === undefined) throw root.error('resample', 'a PIL filter code 0 (nearest), 2 (bilinear) or 3 (bicubic)', `got ${resample}`);
  const maskSize = root.has('mask_size') ? root.object('mask_size').size('height') : 256;
  if (size.has('longest_edge')) {
    const longest = size.size('longest_edge');
    const doPad = root.optional('do_pad', (k) => root.boolean(k), true);
    if (!doPad) throw root.error('do_pad', 'true with size.longest_edge (SAM pads its input to a square)');
    if (root.has('pad_size')) {
      const pad = root.object('pad_size');
      if (pad.size('height') !== longest || pad.size('width') !== longest) {
        throw root.error('pad_size', `${longest}×${longest} (a square of size.longest_edge)`, `got ${JSON.stringify(root.value.pad_size)}`);
      }
    }
    return { resize: 'longest-side', size: longest, filter, rescale, mean, std, maskSize };
  }
  const height = size.size('height');
  if (size.size('width') !== height) throw size.error('width', `${height} (a square input)`, `got ${JSON.stringify(size.value.width)}`);
  return { resize: 'square', size: height, filter, rescale, mean, std, maskSize };
}

/** Checks a config read back from owseg.json, naming the field that is wrong. */
export function checkPreprocessConfig(fields: JsonFields): SamPreprocessConfig {
  const resize = fields.choice('resize', ['longest-side', 'square'] as const);
  const filter = fields.choice('filter', ['nearest', 'bilinear', 'bicubic'] as const);
  return {
    resize,
    size: fields.size('size'),
    filter,
    rescale: fields.number('rescale'),
    mean: triple(fields, 'mean'),
    std: triple(fields, 'std'),
    maskSize: fields.size('maskSize'),
  };
}

function triple(fields: JsonFields, key: string): [number, number, number] {
  const value = fields.value[key];
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw fields.error(key, 'three numbers (R, G, B)', `got ${JSON.stringify(value)}`);
  }
  if (key.includes('std') && value.some((v) => v === 0)) throw fields.error(key, 'non-zero values');
  return [value[0], value[1], value[2]];
}
