/**
 * `owseg refer fit`: RAS's linear head fitted on the frozen model over a gRefCOCO split or a
 * MaskGroups-HQ parquet file, with cached features, a progress bar and the loss curve as PNG.
 */
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { MaskTokenKind } from '../../tasks/refer/index.js';
import { action } from '../action.js';
import { addModelSourceOptions, modelHelp, resolveForCli, type ModelSourceFlags } from '../models.js';
import { integerFrom, numberIn } from '../options.js';
import { progressBar } from '../progress.js';

interface FitFlags extends ModelSourceFlags {
  data: string;
  instances?: string;
  images: string;
  split?: string;
  model: string;
  output: string;
  curve?: string;
  maskTokens: MaskTokenKind;
  validation: number;
  positiveWeight?: number;
  epochs: number;
  patience: number;
  seed: number;
  cacheDir?: string;
  maxTiles: number;
  contextScale: number;
}

export function registerReferFit(refer: Command): void {
  const command = refer
    .command('fit')
    .description("fit RAS's linear head (logistic regression on the last hidden state) on frozen features")
    .requiredOption('--data <file>', 'gRefCOCO refs (.json/.p, with --instances) or a MaskGroups-HQ .parquet file')
    .option('--instances <json>', 'gRefCOCO: the COCO instances file of the refs')
    .requiredOption('--images <dir>', 'folder of the images')
    .option('--split <name>', 'gRefCOCO: only refs of this split')
    .requiredOption('--model <model>', modelHelp('the InternVL model', 'wowseg-1b, internvl3-1b'))
    .requiredOption('-o, --output <file>', 'where to write the head (safetensors)')
    .option('--curve <png>', 'where to draw the loss curve (default: the output path with .loss.png)')
    .addOption(new Option('--mask-tokens <kind>', 'the candidate tokens the head reads').choices(['pool', 'mask2token']).default('pool'))
    .option('--validation <share>', 'share of requests held out for early stopping and the threshold', numberIn(0, 0.9), 0.2)
    .option('--positive-weight <w>', 'loss weight of a positive candidate (default: negatives / positives)', numberIn(1e-6, 1e6))
    .option('--epochs <n>', 'most epochs of full-batch training', integerFrom(1), 2000)
    .option('--patience <n>', 'epochs without a better held-out score before stopping', integerFrom(1), 100)
    .option('--seed <n>', 'seed of the split', integerFrom(0), 0)
    .option('--cache-dir <dir>', 'where candidate features are cached (default: <output>.features/)')
    .option('--max-tiles <n>', 'most 448 tiles for the whole image', integerFrom(1), 12)
    .option('--context-scale <s>', 'mask2token crop side over the mask box\'s longer side', numberIn(1, 100), 2);
  addModelSourceOptions(command).action(
    action(async (flags: FitFlags) => {
      const { fitReferHead, writeLinearHead } = await import('../../tasks/refer/index.js');
      const { decode } = await import('../../core/rle/index.js');
      const { lineChartPng } = await import('../../core/draw/index.js');
      const { writeFileAtomic } = await import('../../core/formats/index.js');
      const { grefcocoRequests, maskGroupsRequests } = await import('../referring-data.js');
      let requests;
      if (flags.data.toLowerCase().endsWith('.parquet')) {
        requests = await maskGroupsRequests(flags.data, flags.images);
      } else {
        if (flags.instances === undefined) throw new InvalidArgumentError('gRefCOCO data needs --instances <json> (the COCO annotations its refs point at)');
        requests = await grefcocoRequests(flags.data, flags.instances, flags.images, flags.split);
      }
      const usable = requests.filter((r) => r.candidates.length > 0);
      const model = await resolveForCli(flags.model, 'internvl', '--model', flags);
      const bar = await progressBar('{phase} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}');
      let fitted;
      try {
        fitted = await fitReferHead(
          usable.map((request) => ({
            key: `${flags.data}#${request.id}#${request.candidates.map((c) => c.counts).join('|')}`,
            text: request.text,
            image: request.image.load,
            candidates: () => request.candidates.map((rle, i) => decode(rle, `${request.id}: candidates[${i}]`)),
            labels: request.labels,
          })),
          {
            model: model.dir,
            maskTokens: flags.maskTokens,
            cacheDir: flags.cacheDir ?? `${flags.output}.features`,
            validationFraction: flags.validation,
            seed: flags.seed,
            maxTiles: flags.maxTiles,
            contextScale: flags.contextScale,
            logistic: { maxEpochs: flags.epochs, patience: flags.patience, ...(flags.positiveWeight === undefined ? {} : { positiveWeight: flags.positiveWeight }) },
            onProgress: (phase, done, total) => bar.update(done, total, { phase: phase === 'features' ? 'reading candidates' : 'fitting' }),
          },
        );
      } finally {
        bar.stop();
      }
      const { head, report } = fitted;
      await writeLinearHead(flags.output, head, { model: model.spec, data: flags.data, examples: String(report.examples), best_epoch: String(report.bestEpoch) });
      const curve = flags.curve ?? flags.output.replace(/\.safetensors$/i, '') + '.loss.png';
      await writeFileAtomic(
        curve,
        await lineChartPng(
          [
            { name: 'training', values: report.trainLoss, color: '#1f77b4' },
            { name: 'held out', values: report.validationLoss, color: '#d62728' },
          ],
          { title: `refer head: weighted cross-entropy (${report.examples} requests)`, xLabel: 'epoch', yLabel: 'loss', marker: { x: report.bestEpoch, label: `kept: epoch ${report.bestEpoch}` } },
        ),
      );
      const percent = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : 'n/a');
      const lines = [
        `requests     ${report.examples} (${requests.length - usable.length} without candidates skipped; features of ${report.cached} from ${join(flags.cacheDir ?? `${flags.output}.features`)})`,
        `candidates   ${report.candidates} (${report.positives} in target groups; ${report.trainCandidates} training, ${report.validationCandidates} held out)`,
        `epochs       ${report.trainLoss.length}, kept ${report.bestEpoch}; positive weight ${report.positiveWeight.toFixed(3)}; threshold ${report.threshold.toFixed(4)}`,
        `accuracy     training ${percent(report.trainAccuracy)}, held out ${percent(report.validationAccuracy)}`,
        report.trainErrors === 0
          ? 'separable    yes: every training candidate is on its side of the threshold'
          : `separable    no: ${report.trainErrors} of ${report.trainCandidates} training candidates stay on the wrong side — the answer is not linear in these features`,
        `head         ${flags.output}; loss curve ${curve}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }),
  );
}
