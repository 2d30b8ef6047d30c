/**
 * Public resizing entry points: 8-bit RGB images and float32 planar tensors, each reproducing a
 * named Python reference exactly (Pillow or PyTorch), because sharp/libvips kernels differ from both.
 */
import { InvalidInputError } from '../errors.js';
import { pilConvolve, pilNearest, type Grid } from './pil-resample.js';
import { assertPositiveInteger, assertRgbImage, type RgbImage } from './rgb-image.js';
import { torchInterpolate, torchNearest } from './torch-interpolate.js';

export type ResizeFilter = 'nearest' | 'bilinear' | 'bicubic';
/** Which Python call the result must equal; see {@link resizeImage}. */
export type ResizeConvention = 'pil' | 'torch';

export interface ResizeOptions {
  filter: ResizeFilter;
  convention: ResizeConvention;
}

/** `resizePlanes` only: keep the top-left `height` × `width` of the resized planes (torch bilinear/bicubic). */
export interface CropAfterResize {
  crop?: { height: number; width: number };
}

const FILTERS: readonly ResizeFilter[] = ['nearest', 'bilinear', 'bicubic'];
const CONVENTIONS: readonly ResizeConvention[] = ['pil', 'torch'];

/**
 * Resizes an RGB image to `width` × `height` (aspect ratio is not kept).
 *
 * `convention: 'pil'` reproduces Pillow's `Image.resize((width, height), NEAREST | BILINEAR | BICUBIC)`
 * on an "RGB" image bit for bit (checked against Pillow 9.4): separable convolution, the kernel
 * stretched by the downscale factor (so downscaling is antialiased), bicubic a = −0.5, 8-bit
 * fixed-point weights with rounding and clipping after each pass; NEAREST is Pillow's affine
 * sampling at (i + 0.5) × in/out, truncated. This is what torchvision's `T.Resize` does to a PIL
 * image (InternVL's preprocessing) and what SAM's `ResizeLongestSide.apply_image` calls.
 *
 * `convention: 'torch'` reproduces `F.interpolate(x.float(), size=(height, width), mode=filter,
 * align_corners=False, antialias=False)` on the image as a float32 [1, 3, H, W] tensor, followed by
 * clamping to [0, 255] and rounding half to even (torchvision's rule for uint8 tensors). No
 * antialiasing: downscaling aliases exactly as torch does. The float32 arithmetic follows torch's
 * CPU kernel, so the bytes match torch (identical in every test against torch 1.13; another
 * torch build could round a value near .5 the other way, a difference of 1).
 */
export function resizeImage(image: RgbImage, width: number, height: number, options: ResizeOptions): RgbImage {
  assertRgbImage(image);
  assertPositiveInteger(width, 'width');
  assertPositiveInteger(height, 'height');
  const { filter, convention } = checkOptions(options);
  const src: Grid<Uint8Array> = { width: image.width, height: image.height, channels: 3, data: image.data };
  if (filter === 'nearest') {
    const out = convention === 'pil' ? pilNearest(src, width, height) : torchNearest(src, width, height);
    return { width, height, data: out.data };
  }
  if (convention === 'pil') return { width, height, data: pilConvolve(src, width, height, filter).data };
  const values = torchInterpolate(src, width, height, filter).data;
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = roundHalfEven(Math.min(Math.max(values[i]!, 0), 255));
  return { width, height, data };
}

/**
 * Resizes a float32 planar tensor [channels, height, width] to [channels, outHeight, outWidth],
 * each channel independently; the input is not modified.
 *
 * `convention: 'pil'` reproduces Pillow's `Image.resize` on each channel as a mode "F" image:
 * the same antialiased separable kernels as for 8-bit images, but with double-precision sums
 * stored as float32 after each pass and no rounding or clipping (bit-identical to Pillow 9.4).
 *
 * `convention: 'torch'` reproduces `F.interpolate(t[None], size=(outHeight, outWidth), mode=filter,
 * align_corners=False, antialias=False)` on a float32 tensor: bilinear with coordinates clamped at
 * 0, bicubic with A = −0.75 and border-clamped indices (results may overshoot the input range, as
 * torch's do), nearest = floor(i × in/out). SAM upscales its mask logits this way (bilinear).
 * The float32 roundings follow torch's CPU kernel as compiled for x86-64 (fused multiply-adds in
 * a fixed order; see torch-interpolate.ts): against torch 1.13 every value is identical, except
 * bilinear on a single-channel tensor, where torch switches to another summation and values differ
 * by about one float32 ulp. Other torch builds may round differently by a few ulps.
 */
export function resizePlanes(
  data: Float32Array,
  channels: number,
  height: number,
  width: number,
  outHeight: number,
  outWidth: number,
  options: ResizeOptions & CropAfterResize,
): Float32Array {
  if (!(data instanceof Float32Array)) throw new InvalidInputError('data', 'a Float32Array');
  assertPositiveInteger(channels, 'channels');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  assertPositiveInteger(outHeight, 'outHeight');
  assertPositiveInteger(outWidth, 'outWidth');
  if (data.length !== channels * height * width) {
    throw new InvalidInputError('data', `length ${channels * height * width} (channels × height × width)`, `got ${data.length}`);
  }
  const { filter, convention } = checkOptions(options);
  const keep = checkCrop(options.crop, outHeight, outWidth, filter, convention);
  const plane = height * width;
  const out = new Float32Array(channels * keep.height * keep.width);
  for (let c = 0; c < channels; c++) {
    const src: Grid<Float32Array> = { width, height, channels: 1, data: data.subarray(c * plane, (c + 1) * plane) };
    let resized: Grid<Float32Array>;
    if (filter === 'nearest') {
      resized = convention === 'pil' ? pilNearest(src, outWidth, outHeight) : torchNearest(src, outWidth, outHeight);
    } else {
      resized = convention === 'pil' ? pilConvolve(src, outWidth, outHeight, filter) : torchInterpolate(src, outWidth, outHeight, filter, keep);
    }
    out.set(resized.data, c * keep.height * keep.width);
  }
  return out;
}

function checkCrop(
  crop: CropAfterResize['crop'],
  outHeight: number,
  outWidth: number,
  filter: ResizeFilter,
  convention: ResizeConvention,
): { height: number; width: number } {
  if (crop === undefined) return { height: outHeight, width: outWidth };
  if (convention !== 'torch' || filter === 'nearest') {
    throw new InvalidInputError('options.crop', 'only with the torch convention and a bilinear or bicubic filter');
  }
  if (!Number.isInteger(crop.height) || crop.height < 1 || crop.height > outHeight || !Number.isInteger(crop.width) || crop.width < 1 || crop.width > outWidth) {
    throw new InvalidInputError('options.crop', `whole numbers within the output, at most ${outHeight} × ${outWidth}`, `got ${crop.height} × ${crop.width}`);
  }
  return crop;
}

function checkOptions(options: ResizeOptions): ResizeOptions {
  const { filter, convention } = options ?? ({} as Partial<ResizeOptions>);
  if (!FILTERS.includes(filter)) {
    throw new InvalidInputError('options.filter', `one of ${FILTERS.join(', ')}`, `got ${String(filter)}`);
  }
  if (!CONVENTIONS.includes(convention)) {
    throw new InvalidInputError('options.convention', `one of ${CONVENTIONS.join(', ')}`, `got ${String(convention)}`);
  }
  return { filter, convention };
}

/** torch.round's rule: ties go to the even neighbour. */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
