/**
 * Vision side of WOW-Seg naming: the whole image's tiles once, the region crops in batches, and
 * each crop's kept tokens picked by its selector (Mask2Token, selection written by hand).
 */
import { InvalidInputError } from '../../core/errors.js';
import { tensor } from '../../onnx/index.js';
import type { InternVLModel } from '../../models/internvl/index.js';

/** One region as the preprocessing gives it: a normalised crop and which token cells to keep. */
export interface RegionInput {
  /** float32 [3, S, S], normalised like the tiles. */
  pixels: Float32Array;
  /** grid×grid cells (grid² = tokens per tile), row-major, 1 = keep that token. */
  selector: Uint8Array;
}

export interface EncodedImage {
  /** [tiles × tokensPerTile, hidden] row-major. */
  wholeImage: Float32Array;
  /** Per region its kept tokens [k, hidden] in raster order. */
  regions: Float32Array[];
}

/**
 * 448 images per vision call. One: a tile is ~1,025 tokens, already enough rows to keep the matrix
 * products busy (int4 InternVL3-1B, 2 cores: 6.95 / 6.70 / 6.56 / 6.85 s per tile at batch 1 / 2 / 4 / 8,
 * within noise), while every tile more adds ~230 MB of activations (peak 1.4 GB at 1, 3.0 GB at 8).
 */
const visionBatch = 1;

export async function encodeForNaming(model: InternVLModel, tiles: Float32Array, tileCount: number, regions: readonly RegionInput[]): Promise<EncodedImage> {
  const { tileSize: S, tokensPerTile, hiddenSize } = model.config;
  const plane = 3 * S * S;
  if (tiles.length !== tileCount * plane) throw new InvalidInputError('tiles', `${tileCount} × 3 × ${S} × ${S} values`, `got ${tiles.length}`);
  regions.forEach((region, i) => {
    if (region.pixels.length !== plane) throw new InvalidInputError(`regions[${i}].pixels`, `3 × ${S} × ${S} values`, `got ${region.pixels.length}`);
    if (region.selector.length !== tokensPerTile) throw new InvalidInputError(`regions[${i}].selector`, `${tokensPerTile} cells`, `got ${region.selector.length}`);
  });
  const wholeImage = new Float32Array(tileCount * tokensPerTile * hiddenSize);
  for (let start = 0; start < tileCount; start += visionBatch) {
    const count = Math.min(visionBatch, tileCount - start);
    const batch = tensor('float32', [count, 3, S, S], tiles.subarray(start * plane, (start + count) * plane));
    wholeImage.set((await model.encodeImages(batch)).imageTokens.data as Float32Array, start * tokensPerTile * hiddenSize);
  }
  const out: Float32Array[] = [];
  for (let start = 0; start < regions.length; start += visionBatch) {
    const batch = regions.slice(start, start + visionBatch);
    const pixels = new Float32Array(batch.length * plane);
    batch.forEach((region, i) => pixels.set(region.pixels, i * plane));
    const tokens = (await model.encodeImages(tensor('float32', [batch.length, 3, S, S], pixels))).imageTokens.data as Float32Array;
    batch.forEach((region, i) => out.push(keptTokens(tokens.subarray(i * tokensPerTile * hiddenSize, (i + 1) * tokensPerTile * hiddenSize), region.selector, hiddenSize)));
  }
  return { wholeImage, regions: out };
}

/** The rows of `tokens` whose selector cell is 1, in raster order. */
export function keptTokens(tokens: Float32Array, selector: Uint8Array, hidden: number): Float32Array {
  const kept = new Float32Array(selector.reduce((n, v) => n + (v ? 1 : 0), 0) * hidden);
  let at = 0;
  selector.forEach((v, cell) => {
    if (!v) return;
    kept.set(tokens.subarray(cell * hidden, (cell + 1) * hidden), at);
    at += hidden;
  });
  return kept;
}
