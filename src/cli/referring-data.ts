/**
 * Referring datasets as `owseg refer` reads them: gRefCOCO refs with their COCO instances, and
 * MaskGroups-HQ rows, each turned into requests with a candidate pool and the target group.
 */
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import type { CocoAnnotation, CocoImage, CocoInstances } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import type { Rle } from '../core/rle/types.js';

/** One request: its image, its text, the candidates to choose from and which of them are the answer. */
export interface ReferringRequest {
  /** Unique in the dataset: `<ref_id>_<sentence>` for gRefCOCO, `row<n>` for MaskGroups. */
  id: string;
  image: { id: number | string; width: number; height: number; load: () => Promise<RgbImage> };
  text: string;
  candidates: Rle[];
  /** 1 for each candidate in the target group. */
  labels: Uint8Array;
  /** The target group as one mask, or null for a request that refers to nothing. */
  target: Rle | null;
}

/** A COCO instances file (what RefCOCO and gRefCOCO refs point into); any other annotation format is refused. */
export async function readCocoInstances(path: string): Promise<CocoInstances> {
  const { readAnnotationFile } = await import('../core/formats/index.js');
  const file = await readAnnotationFile(path);
  if (file.format !== 'coco-instances') throw new InvalidInputError(path, 'a COCO instances file (images, annotations, categories)', `it is ${file.format}`);
  return file.data;
}

/** Records in the exchange format `owseg eval res` and `owseg eval gres` read: a JSON array, one record per line. */
export async function writeExchangeRecords(path: string, records: readonly object[]): Promise<void> {
  const { writeFileAtomic } = await import('../core/formats/index.js');
  await writeFileAtomic(path, `[\n${records.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`);
}

/**
 * gRefCOCO: one request per sentence (ReLA's raw text). Candidates are the image's non-crowd
 * annotations, so the pool holds the answer exactly; the target is the union of the ref's
 * annotations without crowd ones, as ReLA builds it.
 */
export async function grefcocoRequests(refsPath: string, instancesPath: string, imagesDir: string, split: string | undefined): Promise<ReferringRequest[]> {
  const { readGrefcocoRefs } = await import('../eval/readers/index.js');
  const { segmentationToRle } = await import('../core/formats/index.js');
  const { merge } = await import('../core/rle/index.js');
  const instances = await readCocoInstances(instancesPath);
  const images = new Map<number, CocoImage>(instances.images.map((image) => [image.id, image]));
  const byImage = new Map<number, CocoAnnotation[]>();
  for (const annotation of instances.annotations) {
    if (annotation.iscrowd === 1) continue;
    byImage.set(annotation.image_id, [...(byImage.get(annotation.image_id) ?? []), annotation]);
  }
  const refs = await readGrefcocoRefs(refsPath, { sentenceField: 'raw', ...(split === undefined ? {} : { split }) });
  const requests: ReferringRequest[] = [];
  for (const ref of refs) {
    const image = images.get(ref.imageId);
    if (!image) throw new InvalidInputError(`${refsPath}: ref ${ref.refId}.image_id`, `an image of ${instancesPath}`, `${ref.imageId} is not there`);
    if (!image.file_name) throw new InvalidInputError(`${instancesPath}: images[id ${image.id}].file_name`, 'the image file name');
    const pool = byImage.get(image.id) ?? [];
    const candidates = pool.map((a) => segmentationToRle(a.segmentation, image.height, image.width, `${instancesPath}: annotation ${a.id}.segmentation`));
    const labels = Uint8Array.from(pool, (a) => (ref.annIds.includes(a.id) ? 1 : 0));
    const targets = candidates.filter((_, k) => labels[k]);
    const target = targets.length === 0 ? null : merge(targets);
    const path = join(imagesDir, image.file_name);
    const load = async () => (await import('../core/image/index.js')).loadImage(path);
    ref.sentences.forEach((text, k) => {
      requests.push({ id: `${ref.refId}_${k}`, image: { id: image.id, width: image.width, height: image.height, load }, text, candidates, labels, target });
    });
  }
  return requests;
}

/**
 * MaskGroups-HQ: the human turn without its placeholders is the text, `mask_pool` the candidates.
 * Its target groups index `gt_mask_pool`, not the pool, so a candidate is labelled part of the
 * answer when its IoU with a mask of the target groups is at least `matchIou` (owseg's rule).
 */
export async function maskGroupsRequests(parquetPath: string, imagesDir: string, matchIou = 0.5): Promise<ReferringRequest[]> {
  const { readMaskGroups } = await import('../eval/readers/index.js');
  const { compress, iou, merge } = await import('../core/rle/index.js');
  const requests: ReferringRequest[] = [];
  for await (const sample of readMaskGroups(parquetPath)) {
    const field = `${parquetPath}: row ${sample.row}`;
    const human = sample.conversations.find((turn) => turn.from === 'human');
    const text = human?.value.replace(/<[^<>]+>/g, ' ').replace(/\s+/g, ' ').trim() ?? '';
    if (text === '') throw new InvalidInputError(`${field}: conversations`, 'a human turn with the request text');
    const toRle = (m: (typeof sample.maskPool)[number], at: string) => (typeof m.counts === 'string' ? (m as Rle) : compress(m as { size: [number, number]; counts: number[] }, at));
    const candidates = sample.maskPool.map((m, i) => toRle(m, `${field}: mask_pool[${i}]`));
    if (candidates.length === 0) throw new InvalidInputError(`${field}: mask_pool`, 'at least one candidate mask');
    const [height, width] = candidates[0]!.size;
    const targetMasks = [...new Set(sample.gtMaskGroups.flat())].map((k) => toRle(sample.gtMaskPool[k]!, `${field}: gt_mask_pool[${k}]`));
    const overlaps = targetMasks.length === 0 ? [] : iou(candidates, targetMasks, targetMasks.map(() => false));
    const labels = Uint8Array.from(candidates, (_, i) => (overlaps[i]?.some((v) => v >= matchIou) ? 1 : 0));
    const image = sample.image;
    const load = async () => {
      const { loadImage } = await import('../core/image/index.js');
      if (image.bytes) return loadImage(Buffer.from(image.bytes));
      return loadImage(join(imagesDir, image.file!));
    };
    requests.push({
      id: String(sample.id ?? `row${sample.row}`),
      image: { id: image.file ?? `row${sample.row}`, width, height, load },
      text,
      candidates,
      labels,
      target: targetMasks.length === 0 ? null : merge(targetMasks),
    });
  }
  return requests;
}
