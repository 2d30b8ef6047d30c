/**
 * The metrics `owseg eval` knows: for each, how to run it from the command line's paths and
 * options, and the stat keys it reports (a contract: scripts read them from `--out`).
 */
import { InvalidArgumentError } from 'commander';
import { loadEmbedderForCli, resolveForCli, type ModelSourceFlags } from '../models.js';

export interface EvalOptions extends ModelSourceFlags {
  gt: string;
  /** Required by every metric except region-recognition with --images and --model. */
  pred?: string;
  out?: string;
  agnostic?: boolean;
  lenient?: boolean;
  gtDir?: string;
  predDir?: string;
  variant?: 'detectron2' | 'mmseg';
  ignoreLabel?: number;
  numClasses?: number;
  emptyThreshold?: number;
  embedder?: string;
  cleanup?: 'osprey' | 'wowseg';
  images?: string;
  model?: string;
  mode: 'parallel' | 'sequential';
  maxTiles: number;
  contextScale: number;
  maxNewTokens: number;
}

/** The --pred path, which every metric but region-recognition-by-naming needs. */
function predictions(options: EvalOptions, metric: string): string {
  if (options.pred === undefined) throw new InvalidArgumentError(`${metric} needs --pred <path>`);
  return options.pred;
}

export interface MetricRun {
  stats: Record<string, number>;
  /** How many records `--lenient` skipped, by reason; absent in strict mode. */
  skipped?: Record<string, number> | number;
}

type Progress = (done: number, total: number) => void;

interface Metric {
  description: string;
  statKeys: readonly string[];
  run(options: EvalOptions, onProgress: Progress): Promise<MetricRun>;
}

const lenientSkips = <T>(options: EvalOptions, skipped: T): { skipped?: T } => (options.lenient ? { skipped } : {});

export const METRICS: Record<string, Metric> = {
  'coco-ap': {
    description: 'COCO mask AP (pycocotools COCOeval, iouType segm): --gt instances JSON, --pred results JSON',
    statKeys: ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'],
    async run(options, onProgress) {
      const { evaluateCocoApFiles } = await import('../../eval/coco-ap/index.js');
      const result = await evaluateCocoApFiles(options.gt, predictions(options, 'coco-ap'), { agnostic: options.agnostic ?? false, lenient: options.lenient ?? false, onProgress });
      return { stats: { ...result.stats }, ...lenientSkips(options, { ...result.skipped }) };
    },
  },
  pq: {
    description: 'panoptic quality (panopticapi pq_compute): --gt/--pred COCO panoptic JSON, PNG folders beside them or --gt-dir/--pred-dir',
    statKeys: ['PQ', 'SQ', 'RQ', 'PQ_th', 'SQ_th', 'RQ_th', 'PQ_st', 'SQ_st', 'RQ_st'],
    async run(options, onProgress) {
      const { evaluatePanopticFiles } = await import('../../eval/panoptic/index.js');
      const result = await evaluatePanopticFiles(options.gt, predictions(options, 'pq'), {
        ...(options.gtDir === undefined ? {} : { gtDir: options.gtDir }),
        ...(options.predDir === undefined ? {} : { predDir: options.predDir }),
        lenient: options.lenient ?? false,
        onProgress,
      });
      return { stats: result.stats, ...lenientSkips(options, result.skipped) };
    },
  },
  miou: {
    description: 'semantic mIoU from a dataset-level confusion matrix: --gt/--pred folders of PNG label maps',
    statKeys: ['mIoU'],
    async run(options, onProgress) {
      const { evaluateSemanticFiles } = await import('../../eval/semantic/index.js');
      const result = await evaluateSemanticFiles(options.gt, predictions(options, 'miou'), {
        ...(options.variant === undefined ? {} : { variant: options.variant }),
        ...(options.ignoreLabel === undefined ? {} : { ignoreLabel: options.ignoreLabel }),
        ...(options.numClasses === undefined ? {} : { numClasses: options.numClasses }),
        lenient: options.lenient ?? false,
        onProgress,
      });
      return { stats: result.stats, ...lenientSkips(options, result.skipped) };
    },
  },
  gres: {
    description: 'generalised referring segmentation (ReLA): --gt/--pred referring exchange JSON',
    statKeys: ['gIoU', 'cIoU', 'N_acc', 'T_acc'],
    async run(options) {
      const { evaluateGresFiles } = await import('../../eval/referring/index.js');
      const result = await evaluateGresFiles(options.gt, predictions(options, 'gres'), {
        ...(options.emptyThreshold === undefined ? {} : { emptyThreshold: options.emptyThreshold }),
        lenient: options.lenient ?? false,
      });
      return { stats: result.stats, ...lenientSkips(options, result.skipped) };
    },
  },
  res: {
    description: 'referring segmentation, LISA variant: --gt/--pred referring exchange JSON',
    statKeys: ['cIoU', 'gIoU'],
    async run(options) {
      const { evaluateResFiles } = await import('../../eval/referring/index.js');
      const result = await evaluateResFiles(options.gt, predictions(options, 'res'), { lenient: options.lenient ?? false });
      return { stats: result.stats, ...lenientSkips(options, result.skipped) };
    },
  },
  'region-recognition': {
    description:
      'region recognition (Osprey protocol): --gt Osprey JSON, --embedder (minilm or a sentence-transformers folder), and either --pred [{image_id, region, name}] or --images <dir> --model <model> to name the regions with WOW-Seg',
    statKeys: ['SS', 'SIoU'],
    async run(options, onProgress) {
      if (options.embedder === undefined) {
        throw new InvalidArgumentError('region-recognition needs --embedder <model> (minilm, or an all-MiniLM-L6-v2 ONNX folder)');
      }
      const naming = options.model !== undefined || options.images !== undefined;
      if (naming && (options.model === undefined || options.images === undefined)) {
        throw new InvalidArgumentError('naming the ground-truth regions needs both --images <dir> and --model <model>');
      }
      const embedder = await loadEmbedderForCli(options.embedder, options);
      const namingSource = naming ? await resolveForCli(options.model!, 'internvl', '--model', options) : undefined;
      const cleanup = options.cleanup ?? 'wowseg';
      if (namingSource !== undefined) {
        const { nameAndScoreOsprey } = await import('../region-naming-eval.js');
        const { mode, maxTiles, contextScale, maxNewTokens } = options;
        const stats = await nameAndScoreOsprey(options.gt, {
          images: options.images!,
          model: namingSource.dir,
          embedder,
          cleanup,
          namingOptions: { mode, maxTiles, contextScale, maxNewTokens },
          onProgress,
        });
        return { stats };
      }
      const { evaluateRegionRecognitionFiles } = await import('../../eval/region-recognition/index.js');
      const result = await evaluateRegionRecognitionFiles(options.gt, predictions(options, 'region-recognition'), { embedder, cleanup });
      return { stats: result.stats };
    },
  },
};
