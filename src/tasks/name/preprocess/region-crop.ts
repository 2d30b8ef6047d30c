/**
 * Mask2Token per mask: the mask resized to the tiled image, its square context box, and the
 * token selector, as WOW-Seg's `mask2token` (internvl_chat_finetune.py, single_mask_infer.py) does.
 */
import { crop } from '../../../core/bitmap/crop.js';
import { resizeNearest } from '../../../core/bitmap/resize.js';
import { InvalidInputError } from '../../../core/errors.js';
import { assertMask, type Mask } from '../../../core/mask.js';
import { cropBox, type CropBox } from './crop-box.js';
import { maskSelector } from './selector.js';

export interface RegionCropOptions {
  /** Crop side ÷ the mask box's longer side; the released evaluation script passes 2. At least 1. */
  contextScale?: number;
  /** Token grid side of one tile (16 for InternVL3-1B: 32×32 patches after a 0.5 pixel shuffle). */
  grid?: number;
}

export interface RegionCrop {
  /** End-exclusive crop box in the tiled image. */
  readonly box: CropBox;
  /** grid × grid, row-major, 1 where the region's token is kept; never all zero. */
  readonly selector: Uint8Array;
}

/**
 * The crop box and token selector of `mask`, which must already have the tiled image's size (see
 * {@link resizeMaskToImage}). contextScale ≥ 1 keeps the whole mask inside the crop, which the
 * zero-cell rule relies on. An empty mask throws an InvalidInputError.
 */
export function regionCrop(mask: Mask, options: RegionCropOptions = {}): RegionCrop {
  assertMask(mask);
  const { contextScale = 2, grid = 16 } = options ?? {};
  if (typeof contextScale !== 'number' || !Number.isFinite(contextScale) || contextScale < 1) {
    throw new InvalidInputError('options.contextScale', 'a finite number ≥ 1', `got ${String(contextScale)}`);
  }
  if (!Number.isInteger(grid) || grid < 1) {
    throw new InvalidInputError('options.grid', 'a positive integer', `got ${String(grid)}`);
  }
  const box = cropBox(mask, contextScale);
  return { box, selector: maskSelector(crop(mask, box), grid) };
}

/**
 * `mask` resized to `width` × `height` as the reference does before cropping:
 * `F.interpolate(mask[None, None].float(), size=(height, width), mode='nearest')`, i.e. source
 * index floor(d × float32(in / out)).
 */
export function resizeMaskToImage(mask: Mask, width: number, height: number): Mask {
  return resizeNearest(mask, height, width, { convention: 'floor' });
}
