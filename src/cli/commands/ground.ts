/**
 * `owseg ground <image> "<text>"`: one mask per entity of the text, training-free (Segment Anyword
 * on InternVL attention and SAM), with an overlay of masks and prompt points and the words' heat maps.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { RgbImage } from '../../core/image/index.js';
import type { ResolvedModel } from '../../hub/index.js';
import type { GroundResult } from '../../tasks/ground/index.js';
import { action } from '../action.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { resultModel } from '../../hub/model-record.js';
import { addReferringBatchOptions, type ReferringBatchFlags } from '../referring-batch-options.js';
import { integerFrom, numberIn } from '../options.js';

export interface GroundFlags extends ModelSourceFlags, ReferringBatchFlags {
  model?: string;
  sam?: string;
  output?: string;
  overlay?: string;
  maps?: string;
  layers?: number[];
  pointsPerWord: number;
  backgroundNegatives: number;
  ratio: number;
  useBox?: boolean;
  minRegionArea: number;
  maxTiles: number;
  thumbnailWeight: number;
  maxPixels: number;
  refcoco?: string;
}

function layerList(value: string): number[] {
  const layers = value.split(',').map((v) => Number(v.trim()));
  if (layers.length === 0 || !layers.every((l) => Number.isInteger(l) && l >= 0)) throw new InvalidArgumentError(`expected decoder layers like 8,9,10, got "${value}"`);
  return layers;
}

export function registerGround(program: Command): void {
  const command = program
    .command('ground')
    .description('ground a text to masks, one per entity, with no training (Segment Anyword: InternVL attention → point prompts → SAM); with --refcoco, RES predictions')
    .argument('[image]', 'the picture (JPEG, PNG, WebP …)')
    .argument('[text]', 'the text, e.g. "the dog on the left and its red leash"')
    .requiredOption('--model <model>', modelHelp('the InternVL model whose attention locates the words', 'wowseg-1b, internvl3-1b'))
    .requiredOption('--sam <model>', modelHelp('SAM model that turns the points into masks', 'sam-vit-base, slimsam'))
    .requiredOption('-o, --output <json>', 'owseg result file (single image) or RES prediction file (--refcoco)')
    .option('--overlay <png>', 'also draw the masks, labelled by phrase, and their prompt points')
    .option('--maps <dir>', "also write each word's attention map over the image as a PNG")
    .option('--layers <list>', 'decoder layers whose attention is averaged (default: the middle third)', layerList)
    .option('--points-per-word <k>', 'positive points sampled in each word\'s region (peak + farthest points)', integerFrom(1), 3)
    .option('--background-negatives <n>', 'background negatives for a single-entity text (0–3)', integerFrom(0), 1)
    .option('--ratio <r>', "a word's region: attention ≥ ratio × its peak", numberIn(0.01, 1), 0.7)
    .option('--use-box', "also prompt SAM with the box of the head's region")
    .option('--min-region-area <a>', 'fill holes and drop islands smaller than this many pixels in each mask', integerFrom(0), 0)
    .option('--max-tiles <n>', 'most 448 tiles for the whole image', integerFrom(1), 12)
    .option('--thumbnail-weight <w>', "share of the thumbnail's map in each word's map", numberIn(0, 1), 0.5)
    .option('--max-pixels <n>', 'refuse images with more pixels than this', integerFrom(1), 64_000_000)
    .option('--refcoco <refs>', 'batch: RefCOCO/+/g refs (refs(unc).p or JSON); the mask of each sentence\'s first entity is its prediction');
  addModelSourceOptions(addReferringBatchOptions(command, 'res')).action(
    action(async (imagePath: string | undefined, text: string | undefined, flags: GroundFlags) => {
      if (flags.backgroundNegatives > 3) throw new InvalidArgumentError('--background-negatives takes 0 to 3');
      const model = await resolveForCli(flags.model!, 'internvl', '--model', flags);
      const sam = await resolveForCli(flags.sam!, 'sam', '--sam', flags);
      if (flags.refcoco !== undefined) {
        if (imagePath !== undefined) throw new InvalidArgumentError('the batch form (--refcoco) takes no image or text arguments');
        if (flags.instances === undefined || flags.images === undefined) throw new InvalidArgumentError('--refcoco needs --instances <json> and --images <dir>');
        const { groundRefcoco } = await import('../ground-batch.js');
        await groundRefcoco(flags.refcoco, { ...flags, instances: flags.instances, images: flags.images, output: flags.output!, model, sam });
        return;
      }
      if (imagePath === undefined || text === undefined) throw new InvalidArgumentError('ground needs <image> and "<text>" (or --refcoco for the batch form)');
      const { loadImage } = await import('../../core/image/index.js');
      const image = await loadImage(imagePath, { maxPixels: flags.maxPixels });
      const { ground } = await import('../../tasks/ground/index.js');
      const result = await ground(image, text, groundOptions(flags, model, sam));
      await writeGroundResult(flags, imagePath, image, text, result, model, sam);
      console.log(`owseg ground: ${result.entities.map((e) => `"${e.phrase}"`).join(', ')} → ${flags.output}${flags.overlay === undefined ? '' : ` (overlay ${flags.overlay})`}${flags.maps === undefined ? '' : ` (maps in ${flags.maps})`}`);
    }),
  );
}

/** The library options the flags stand for. */
export function groundOptions(flags: Omit<GroundFlags, 'model' | 'sam'>, model: ResolvedModel, sam: ResolvedModel) {
  return {
    model: model.dir,
    sam: sam.dir,
    ...(sam.samVariant ? { samVariant: sam.samVariant } : {}),
    ...(flags.layers ? { layers: flags.layers } : {}),
    pointsPerWord: flags.pointsPerWord,
    backgroundNegatives: flags.backgroundNegatives,
    ratio: flags.ratio,
    useBox: flags.useBox ?? false,
    minRegionArea: flags.minRegionArea,
    maxTiles: flags.maxTiles,
    thumbnailWeight: flags.thumbnailWeight,
  };
}

async function writeGroundResult(flags: GroundFlags, imagePath: string, image: RgbImage, text: string, result: GroundResult, model: ResolvedModel, sam: ResolvedModel): Promise<void> {
  const { writeOwsegResult, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION, writeFileAtomic } = await import('../../core/formats/index.js');
  const { groundOwsegRegions } = await import('../../tasks/ground/owseg-regions.js');
  const regions = groundOwsegRegions(result);
  await writeOwsegResult(flags.output!, {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { path: imagePath, width: image.width, height: image.height },
    model: resultModel(model, { sam }),
    task: 'ground',
    prompt: text,
    regions,
    extra: { layers: result.layers, words: result.structure.words.map((w) => w.text) },
  });
  if (flags.overlay !== undefined) {
    const { renderOverlayPng } = await import('../../core/draw/index.js');
    const overlay = result.entities.map((entity) => ({
      mask: entity.mask,
      label: entity.phrase,
      points: entity.points.map(([x, y], k) => ({ x, y, positive: entity.labels[k] === 1 })),
    }));
    await writeFileAtomic(flags.overlay, await renderOverlayPng(image, overlay));
  }
  if (flags.maps !== undefined) {
    const { renderHeatMapPng } = await import('../../core/draw/index.js');
    await mkdir(flags.maps, { recursive: true });
    for (const word of result.structure.words) {
      const map = result.maps[word.index];
      if (!map) continue;
      const name = `${String(word.index).padStart(2, '0')}-${word.text.replace(/[^\p{L}\p{N}-]+/gu, '_')}.png`;
      await writeFileAtomic(join(flags.maps, name), await renderHeatMapPng(image, map));
    }
  }
}
