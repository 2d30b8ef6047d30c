/**
 * `owseg refer <image> "<text>"`: the group of candidate masks a request means (RAS), one pass; its
 * batch form over a gRefCOCO split for `owseg eval gres`, and `owseg refer fit` for a linear head.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { OwsegRegion } from '../../core/formats/index.js';
import type { RgbImage } from '../../core/image/index.js';
import type { ResolvedModel } from '../../hub/index.js';
import type { EverythingOptions } from '../../tasks/everything/index.js';
import type { MaskTokenKind, ReferHead, ReferResult } from '../../tasks/refer/index.js';
import { action } from '../action.js';
import { addGeneratorOptions, generatorOptions } from '../everything-regions.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { resultModel } from '../../hub/model-record.js';
import { emptyReferResult, referOwsegRegions } from '../../tasks/refer/owseg-regions.js';
import { addReferringBatchOptions, type ReferringBatchFlags } from '../referring-batch-options.js';
import { integerFrom, numberIn } from '../options.js';
import { registerReferFit } from './refer-fit.js';

interface ReferFlags extends ModelSourceFlags, EverythingOptions, ReferringBatchFlags {
  model?: string;
  sam?: string;
  candidates?: string[];
  ref?: string[];
  head?: string;
  threshold?: number;
  maskTokens?: MaskTokenKind;
  output?: string;
  overlay?: string;
  imageId?: number;
  maxTiles: number;
  contextScale: number;
  maxPixels: number;
  grefcoco?: string;
  maskgroups?: string;
}

export function registerRefer(program: Command): void {
  const command = program
    .command('refer')
    .description('choose the candidate masks a request means (RAS, one pass); with --grefcoco or --maskgroups, predictions for owseg eval gres; refer fit trains a head')
    .argument('[image]', 'the picture (JPEG, PNG, WebP …)')
    .argument('[text]', 'the request, e.g. "all the cups on the left"')
    // Not `requiredOption`: commander would then demand them of `refer fit` too.
    .option('--model <model>', `required: ${modelHelp('the InternVL model', 'wowseg-1b, internvl3-1b')}`)
    .option('--sam <model>', `candidates from SAM everything-mode: ${modelHelp('SAM model', 'sam-vit-base, slimsam')}`)
    .option('--candidates <paths...>', 'candidates from an owseg result, COCO or LVIS JSON file, or PNG mask images')
    .option('--ref <paths...>', 'reference masks ("things like these"): PNG mask images or one JSON file')
    .option('--head <file>', 'a linear head from owseg refer fit (default: zero-shot, the LM head\'s Yes against No)')
    .option('--threshold <logit>', "select candidates scoring above this logit (default: the head's; 0 is probability ½)", numberIn(-1000, 1000))
    .addOption(new Option('--mask-tokens <kind>', "pool: RAS's mask average pooling, one token; mask2token: WOW-Seg's region tokens (default: the head's, else pool)").choices(['pool', 'mask2token']))
    .option('-o, --output <json>', 'required: owseg result file (single image) or GRES prediction file (--grefcoco)')
    .option('--overlay <png>', 'also draw the selected masks over the image')
    .option('--image-id <id>', 'which image of a multi-image COCO/LVIS/results file', integerFrom(0))
    .option('--max-tiles <n>', 'most 448 tiles for the whole image', integerFrom(1), 12)
    .option('--context-scale <s>', 'mask2token crop side over the mask box\'s longer side', numberIn(1, 100), 2)
    .option('--max-pixels <n>', 'refuse images with more pixels than this', integerFrom(1), 64_000_000)
    .option('--grefcoco <refs>', "batch: gRefCOCO refs file (grefs(unc).json); every sentence is one request")
    .option('--maskgroups <parquet>', 'batch: a MaskGroups-HQ parquet file (its mask_pool is the candidate pool)');
  addModelSourceOptions(addGeneratorOptions(addReferringBatchOptions(command, 'gres'))).action(
    action(async (imagePath: string | undefined, text: string | undefined, given: ReferFlags) => {
      if (given.model === undefined) throw new InvalidArgumentError('refer needs --model <model>');
      if (given.output === undefined) throw new InvalidArgumentError('refer needs -o, --output <json>');
      const flags = { ...given, model: given.model, output: given.output };
      if (flags.grefcoco !== undefined || flags.maskgroups !== undefined) {
        if (imagePath !== undefined) throw new InvalidArgumentError('the batch form (--grefcoco, --maskgroups) takes no image or text arguments');
        if (flags.images === undefined) throw new InvalidArgumentError('the batch form needs --images <dir>');
        const { grefcocoRequests, maskGroupsRequests } = await import('../referring-data.js');
        let requests;
        if (flags.grefcoco !== undefined) {
          if (flags.instances === undefined) throw new InvalidArgumentError('--grefcoco needs --instances <json>');
          requests = await grefcocoRequests(flags.grefcoco, flags.instances, flags.images, flags.split);
        } else {
          requests = await maskGroupsRequests(flags.maskgroups!, flags.images);
        }
        const { referBatch } = await import('../refer-batch.js');
        await referBatch(requests, { ...flags, images: flags.images, head: await loadHead(flags), model: await resolveForCli(flags.model, 'internvl', '--model', flags), sam: flags.sam === undefined ? undefined : await resolveForCli(flags.sam, 'sam', '--sam', flags), generator: generatorOptions(flags) });
        return;
      }
      if (imagePath === undefined || text === undefined) throw new InvalidArgumentError('refer needs <image> and "<text>" (or --grefcoco / --maskgroups for the batch form)');
      if ((flags.sam === undefined) === (flags.candidates === undefined)) throw new InvalidArgumentError('give the candidate pool with exactly one of --sam <model> and --candidates <file…>');
      await referImage(imagePath, text, flags);
    }),
  );
  registerReferFit(command);
}

type CheckedFlags = ReferFlags & { model: string; output: string };

async function referImage(imagePath: string, text: string, flags: CheckedFlags): Promise<void> {
  const { loadImage } = await import('../../core/image/index.js');
  const { decode } = await import('../../core/rle/index.js');
  const { refer } = await import('../../tasks/refer/index.js');
  const { readMaskInputs } = await import('../mask-inputs.js');
  const image = await loadImage(imagePath, { maxPixels: flags.maxPixels });
  const head = await loadHead(flags);
  const modelSource = await resolveForCli(flags.model, 'internvl', '--model', flags);
  const samSource = flags.sam === undefined ? undefined : await resolveForCli(flags.sam, 'sam', '--sam', flags);
  const references = flags.ref === undefined ? [] : await readMaskInputs(flags.ref, image, imagePath, flags.imageId, '--ref');
  let pool: OwsegRegion[];
  if (samSource !== undefined) {
    const { everythingRegions } = await import('../everything-regions.js');
    pool = await everythingRegions(image, samSource, generatorOptions(flags));
  } else {
    pool = await readMaskInputs(flags.candidates!, image, imagePath, flags.imageId, '--candidates');
  }
  // An empty pool leaves nothing to choose: the answer is the empty group, not an error.
  const result: ReferResult =
    pool.length === 0
      ? emptyReferResult(flags.threshold ?? head?.threshold ?? 0, head?.kind ?? 'zero-shot', flags.maskTokens ?? (head?.kind === 'linear' ? head.maskTokens : 'pool'))
      : await refer(image, text, {
          model: modelSource.dir,
          candidates: pool.map((region, i) => decode(region.segmentation, `candidates[${i}]`)),
          references: references.map((region, i) => decode(region.segmentation, `references[${i}]`)),
          maxTiles: flags.maxTiles,
          contextScale: flags.contextScale,
          ...(head ? { head } : {}),
          ...(flags.threshold === undefined ? {} : { threshold: flags.threshold }),
          ...(flags.maskTokens === undefined ? {} : { maskTokens: flags.maskTokens }),
        });
  await writeReferResult(flags, imagePath, image, text, pool, result, modelSource, samSource, references.length);
  const chosen = pool.length === 0 ? 'no candidates to choose from (the group is empty)' : result.empty ? 'no candidate (the request refers to nothing here)' : `${result.selected.length} of ${pool.length} candidates (ids ${result.selected.map((i) => pool[i]!.id).join(', ')})`;
  console.log(`owseg refer: ${chosen} → ${flags.output}${flags.overlay === undefined ? '' : ` (overlay ${flags.overlay})`}`);
}

async function writeReferResult(
  flags: CheckedFlags,
  imagePath: string,
  image: RgbImage,
  text: string,
  pool: readonly OwsegRegion[],
  result: ReferResult,
  modelSource: ResolvedModel,
  samSource: ResolvedModel | undefined,
  references: number,
): Promise<void> {
  const { writeOwsegResult, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION } = await import('../../core/formats/index.js');
  const regions = referOwsegRegions(pool, result);
  await writeOwsegResult(flags.output, {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { path: imagePath, width: image.width, height: image.height },
    model: resultModel(modelSource, { candidates: samSource }),
    task: 'refer',
    prompt: text,
    regions,
    extra: {
      selected: result.selected.map((i) => pool[i]!.id),
      empty: result.empty,
      threshold: result.threshold,
      head: flags.head ?? 'zero-shot',
      maskTokens: result.maskTokens,
      references,
    },
  });
  if (flags.overlay !== undefined) {
    const { drawNamedOverlay } = await import('../overlay.js');
    await drawNamedOverlay(flags.overlay, image, result.selected.map((i) => ({ ...regions[i]!, name: `${(result.candidates[i]!.probability * 100).toFixed(0)}%` })));
  }
}

/** The linear head of --head, or undefined for the zero-shot head. */
async function loadHead(flags: { head?: string }): Promise<ReferHead | undefined> {
  if (flags.head === undefined) return undefined;
  const { readLinearHead } = await import('../../tasks/refer/index.js');
  return readLinearHead(flags.head);
}
