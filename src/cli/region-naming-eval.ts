/**
 * Region recognition end to end (`owseg eval region-recognition --images --model`): names every
 * ground-truth region of an Osprey JSON with WOW-Seg, then scores the names as the protocol does.
 */
import { join } from 'node:path';
import type { CleanupVariant } from '../eval/region-recognition/index.js';
import type { TextEmbedder } from '../eval/text-embedding.js';

export interface RegionNamingEvalOptions {
  images: string;
  model: string;
  embedder: TextEmbedder;
  cleanup: CleanupVariant;
  namingOptions: { mode: 'parallel' | 'sequential'; maxTiles: number; contextScale: number; maxNewTokens: number };
  onProgress: (done: number, total: number) => void;
}

/** Names each image's regions in one call per image (the model is loaded once) and returns SS and SIoU over all regions. */
export async function nameAndScoreOsprey(gtPath: string, options: RegionNamingEvalOptions): Promise<{ SS: number; SIoU: number }> {
  const { readOspreyJson } = await import('../eval/readers/index.js');
  const { evaluateRegionRecognition } = await import('../eval/region-recognition/index.js');
  const { loadImage } = await import('../core/image/index.js');
  const { annotationMask } = await import('../core/formats/index.js');
  const { loadInternVLPack } = await import('../models/internvl/index.js');
  const { nameRegions } = await import('../tasks/name/index.js');

  const samples = await readOspreyJson(gtPath);
  const model = await loadInternVLPack(options.model);
  const pairs: { prediction: string; groundTruth: string }[] = [];
  try {
    for (const [index, sample] of samples.entries()) {
      const image = await loadImage(join(options.images, sample.imageFile));
      const masks = sample.regions.map((region, k) => annotationMask(region, image, `${gtPath}: [${index}].annotations[${k}].segmentation`));
      const names = await nameRegions(image, masks, { model, ...options.namingOptions });
      names.forEach((named, k) => pairs.push({ prediction: named.name, groundTruth: sample.regions[k]!.name }));
      options.onProgress(index + 1, samples.length);
    }
  } finally {
    await model.release();
  }
  const { SS, SIoU } = await evaluateRegionRecognition(pairs, { embedder: options.embedder, cleanup: options.cleanup });
  return { SS, SIoU };
}
