/**
 * InternVL's `build_transform` (eval): Resize((S, S), BICUBIC) on the PIL image, ToTensor,
 * Normalize with the ImageNet mean and std, reproduced in float32 as torch computes it.
 */
import { InvalidInputError } from '../../../core/errors.js';
import { resizeImage } from '../../../core/image/resize.js';
import { assertPositiveInteger, assertRgbImage, type RgbImage } from '../../../core/image/rgb-image.js';

const MEAN = [0.485, 0.456, 0.406].map(Math.fround);
const STD = [0.229, 0.224, 0.225].map(Math.fround);

export interface NormalizeOptions {
  tileSize?: number;
}

/**
 * The tiles as one float32 tensor [N, 3, S, S]. Each tile not already S × S is first resized with
 * Pillow bicubic (torchvision's Resize on a PIL image calls `Image.resize`, which returns an
 * unchanged copy at the same size). Each value is `((x / 255) − mean) / std` with every operation
 * rounded to float32, as ToTensor then Normalize compute it; the result is bit-identical to torch.
 */
export function normalizeTiles(tiles: readonly RgbImage[], options: NormalizeOptions = {}): Float32Array {
  if (!Array.isArray(tiles)) throw new InvalidInputError('tiles', 'an array of RGB images');
  const tileSize = options.tileSize ?? 448;
  assertPositiveInteger(tileSize, 'options.tileSize');
  const plane = tileSize * tileSize;
  const out = new Float32Array(tiles.length * 3 * plane);
  tiles.forEach((tile, n) => {
    assertRgbImage(tile, `tiles[${n}]`);
    const square =
      tile.width === tileSize && tile.height === tileSize
        ? tile
        : resizeImage(tile, tileSize, tileSize, { filter: 'bicubic', convention: 'pil' });
    writePlanes(square.data, out, n * 3 * plane, plane);
  });
  return out;
}

/** Interleaved RGB bytes → normalised planar float32 at `offset`. */
function writePlanes(data: Uint8Array, out: Float32Array, offset: number, plane: number): void {
  for (let c = 0; c < 3; c++) {
    const mean = MEAN[c]!;
    const std = STD[c]!;
    const base = offset + c * plane;
    for (let i = 0; i < plane; i++) {
      // Each double operation on float32 operands rounds to the same float32 as torch's float32 op.
      out[base + i] = Math.fround(Math.fround(Math.fround(data[i * 3 + c]! / 255) - mean) / std);
    }
  }
}
