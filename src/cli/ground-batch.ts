/**
 * `owseg ground --refcoco …`: every sentence of a RefCOCO split grounded, the mask of its first
 * entity (the expression's subject) written as a RES prediction that `owseg eval res` scores.
 */
import type { CocoAnnotation, CocoImage } from '../core/formats/index.js';
import type { Rle } from '../core/rle/types.js';
import type { ResolvedModel } from '../hub/index.js';
import type { InternVLModel } from '../models/internvl/index.js';
import type { SamModel } from '../models/sam/index.js';
import type { GroundFlags } from './commands/ground.js';
import { progressBar } from './progress.js';

export interface GroundBatchOptions extends Omit<GroundFlags, 'model' | 'sam'> {
  instances: string;
  images: string;
  output: string;
  model: ResolvedModel;
  sam: ResolvedModel;
}

interface ExchangeRecord {
  id: string;
  segmentation: Rle | [];
  size: [number, number];
}

export async function groundRefcoco(refsPath: string, options: GroundBatchOptions): Promise<void> {
  const { join } = await import('node:path');
  const { InvalidInputError } = await import('../core/errors.js');
  const { readRefcocoRefs } = await import('../eval/readers/index.js');
  const { segmentationToRle } = await import('../core/formats/index.js');
  const { encode } = await import('../core/rle/index.js');
  const { loadImage } = await import('../core/image/index.js');
  const { withInternVL, withSam } = await import('../tasks/loaded-models.js');
  const { ground } = await import('../tasks/ground/index.js');
  const { groundOptions } = await import('./commands/ground.js');
  const { readCocoInstances, writeExchangeRecords } = await import('./referring-data.js');

  const instances = await readCocoInstances(options.instances);
  const images = new Map<number, CocoImage>(instances.images.map((image) => [image.id, image]));
  const annotations = new Map<number, CocoAnnotation>(instances.annotations.map((a) => [a.id, a]));
  const refs = await readRefcocoRefs(refsPath, options.split === undefined ? {} : { split: options.split });
  const predictions: ExchangeRecord[] = [];
  const truth: ExchangeRecord[] = [];
  const total = refs.reduce((n, ref) => n + ref.sentences.length, 0);
  const bar = await progressBar('grounding [{bar}] {percentage}% | {value}/{total} sentences | eta {eta_formatted}');
  let nothing = 0;
  const groundAll = async (model: InternVLModel, sam: SamModel) => {
    for (const ref of refs) {
      const image = images.get(ref.imageId);
      if (!image?.file_name) throw new InvalidInputError(`${refsPath}: ref ${ref.refId}.image_id`, `an image of ${options.instances} with a file_name`, `${ref.imageId}`);
      const annotation = annotations.get(ref.annIds[0]!);
      if (!annotation) throw new InvalidInputError(`${refsPath}: ref ${ref.refId}.ann_id`, `an annotation of ${options.instances}`, `${ref.annIds[0]}`);
      const picture = await loadImage(join(options.images, image.file_name));
      const size: [number, number] = [image.height, image.width];
      const target = segmentationToRle(annotation.segmentation, image.height, image.width, `${options.instances}: annotation ${annotation.id}.segmentation`);
      for (const [k, sentence] of ref.sentences.entries()) {
        const id = `${ref.refId}_${k}`;
        truth.push({ id, segmentation: target, size });
        let mask: Rle | [] = [];
        try {
          const result = await ground(picture, sentence, { ...groundOptions(options, options.model, options.sam), model, sam });
          mask = encode(result.entities[0]!.mask);
        } catch (error) {
          // A sentence with no noun ("left") grounds nothing: an empty prediction, counted.
          if (!(error instanceof InvalidInputError && error.field === 'text')) throw error;
          nothing++;
        }
        predictions.push({ id, segmentation: mask, size });
        bar.update(predictions.length, total);
      }
    }
  };
  try {
    await withInternVL(options.model.dir, (model) => withSam(options.sam.dir, options.sam.samVariant, (sam) => groundAll(model, sam)));
  } finally {
    bar.stop();
  }
  await writeExchangeRecords(options.output, predictions);
  if (options.gtOut !== undefined) await writeExchangeRecords(options.gtOut, truth);
  console.log(`owseg ground: ${total} sentences (${nothing} naming nothing, predicted empty) → ${options.output}${options.gtOut === undefined ? '' : `, ground truth → ${options.gtOut}`}`);
}
