/**
 * Pieces of a KV cache kept per context part (the shared prefix, each region) and reassembled into
 * one padded cache per batch of answer rows; hand-written because the cascade layout needs it.
 */
import { tensor } from '../../onnx/index.js';
import type { KVCache } from '../../models/internvl/index.js';

/** One context part's keys (after RoPE) and values per layer, each [kvHeads, length, headDim]. */
export interface CacheSlice {
  length: number;
  layers: { key: Float32Array; value: Float32Array }[];
}

/** Tokens `from` … `to − 1` of batch row 0 of `cache`. */
export function sliceCache(cache: KVCache, from: number, to: number): CacheSlice {
  const layers = cache.map(({ key, value }) => ({ key: cut(key.data as Float32Array, key.dims, from, to), value: cut(value.data as Float32Array, value.dims, from, to) }));
  return { length: to - from, layers };
}

function cut(data: Float32Array, dims: readonly number[], from: number, to: number): Float32Array {
  const [, heads, past, headDim] = dims as [number, number, number, number];
  const out = new Float32Array(heads * (to - from) * headDim);
  for (let h = 0; h < heads; h++) out.set(data.subarray((h * past + from) * headDim, (h * past + to) * headDim), h * (to - from) * headDim);
  return out;
}

/**
 * A batch cache [rows, kvHeads, width, headDim] whose row b is its parts laid end to end, then
 * zeros up to `width` (the caller masks those padding keys out).
 */
export function assembleCache(rows: readonly (readonly CacheSlice[])[], width: number, heads: number, headDim: number): KVCache {
  const layerCount = rows[0]?.[0]?.layers.length ?? 0;
  return Array.from({ length: layerCount }, (_, layer) => ({
    key: tensor('float32', [rows.length, heads, width, headDim], fill(rows, layer, 'key', width, heads, headDim)),
    value: tensor('float32', [rows.length, heads, width, headDim], fill(rows, layer, 'value', width, heads, headDim)),
  }));
}

function fill(rows: readonly (readonly CacheSlice[])[], layer: number, which: 'key' | 'value', width: number, heads: number, headDim: number): Float32Array {
  const out = new Float32Array(rows.length * heads * width * headDim);
  rows.forEach((parts, b) => {
    for (let h = 0; h < heads; h++) {
      let at = ((b * heads + h) * width) * headDim;
      for (const part of parts) {
        const size = part.length * headDim;
        out.set(part.layers[layer]![which].subarray(h * size, (h + 1) * size), at);
        at += size;
      }
    }
  });
  return out;
}
