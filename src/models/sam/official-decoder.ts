/**
 * segment-anything's exported decoder, opened for owseg's use: without its `masks` output and, where
 * the graph allows it, with the prompt batch dimension freed so a whole point batch runs in one call.
 */
import { readFile } from 'node:fs/promises';
import { seededRandom } from '../../core/random.js';
import { createSession, editModel, float32Tensor, toFloat32, type Session, type SessionOptions, type Tensor } from '../../onnx/index.js';
import { OFFICIAL_DECODER_INPUTS } from './layouts.js';

/** The outputs owseg reads; `masks` (every mask upscaled to the original size in-graph) is not one. */
const KEPT_OUTPUTS = ['iou_predictions', 'low_res_masks'];
/** Prompts disagreeing by more than this (relative to the largest value) mean the graph is not batch-safe. */
const BATCH_TOLERANCE = 1e-4;

export interface OfficialDecoder {
  session: Session;
  /** True when prompts may go in one call (checked, not assumed). */
  batched: boolean;
}

/**
 * ONNX Runtime computes every graph output whatever a run asks for, and the export's `masks` output
 * upscales four masks to 1024² and then to the original size on every call: most of a small
 * decoder's time, all of it discarded since owseg upscales only the masks it keeps. So the graph is
 * opened without it. Its point inputs are exported with batch 1; the traced graph itself usually
 * handles any batch, so the batch dimension is freed and kept free only if a batch of two prompts
 * decodes as the two prompts alone. `decoder` (opened from `file`) is released when replaced; a
 * graph that cannot be edited safely (subgraphs, external weights) is used as it is.
 */
export async function openOfficialDecoder(file: string, decoder: Session, options: SessionOptions | undefined): Promise<OfficialDecoder> {
  if (!OFFICIAL_DECODER_INPUTS.every((name) => decoder.inputNames.includes(name)) || !decoder.outputNames.includes('masks')) {
    return { session: decoder, batched: false };
  }
  const bytes = await readFile(file);
  const batchFree = { point_coords: { 0: 'prompts' }, point_labels: { 0: 'prompts' } };
  const freed = editModel(bytes, { outputs: KEPT_OUTPUTS, symbolicDims: batchFree });
  if (freed === undefined) return { session: decoder, batched: false };
  // `decoder` stays open until its replacement is, so a failure leaves the caller one session to release.
  const candidate = await createSession(freed, options);
  if (await decodesAsSingles(candidate)) {
    await decoder.release();
    return { session: candidate, batched: true };
  }
  await candidate.release();
  const pruned = await createSession(editModel(bytes, { outputs: KEPT_OUTPUTS })!, options);
  await decoder.release();
  return { session: pruned, batched: false };
}

/** Two prompts on a seeded random embedding, in one call and one at a time: the same IoUs and logits? */
async function decodesAsSingles(decoder: Session): Promise<boolean> {
  const embedding = decoder.inputs.find((i) => i.name === 'image_embeddings')!;
  const mask = decoder.inputs.find((i) => i.name === 'mask_input')!;
  if (![...embedding.dims, ...mask.dims].every((d) => typeof d === 'number')) return false;
  const random = seededRandom(1);
  const dims = embedding.dims as number[];
  const features = float32Tensor(dims, Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1));
  const maskDims = mask.dims as number[];
  // Two points each (a positive one and SAM's padding point), in 1024-pixel model coordinates.
  const coords = [100, 200, 0, 0, 700, 350, 0, 0];
  const labels = [1, -1, 1, -1];
  const feeds = (from: number, count: number): Record<string, Tensor> => ({
    image_embeddings: features,
    point_coords: float32Tensor([count, 2, 2], coords.slice(from * 4, (from + count) * 4)),
    point_labels: float32Tensor([count, 2], labels.slice(from * 2, (from + count) * 2)),
    mask_input: float32Tensor(maskDims, new Float32Array(maskDims.reduce((a, b) => a * b, 1))),
    has_mask_input: float32Tensor([1], [0]),
    orig_im_size: float32Tensor([2], [1024, 1024]),
  });
  try {
    const both = await decoder.run(feeds(0, 2), KEPT_OUTPUTS);
    for (const p of [0, 1]) {
      const one = await decoder.run(feeds(p, 1), KEPT_OUTPUTS);
      for (const name of KEPT_OUTPUTS) {
        const single = toFloat32(one[name]!);
        const batch = toFloat32(both[name]!).subarray(p * single.length, (p + 1) * single.length);
        if (batch.length !== single.length) return false;
        let scale = 1;
        let diff = 0;
        for (let i = 0; i < single.length; i++) {
          scale = Math.max(scale, Math.abs(single[i]!));
          diff = Math.max(diff, Math.abs(single[i]! - batch[i]!));
        }
        if (!(diff <= BATCH_TOLERANCE * scale)) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}
