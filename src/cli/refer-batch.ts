/**
 * `owseg refer --grefcoco …` / `--maskgroups …`: every request of a split through refer(), written as
 * GRES predictions (and with --gt-out the ground truth) in the exchange format `owseg eval gres` reads.
 */
import type { OwsegRegion } from '../core/formats/index.js';
import type { Rle } from '../core/rle/types.js';
import type { ResolvedModel } from '../hub/index.js';
import type { InternVLModel } from '../models/internvl/index.js';
import type { EverythingOptions } from '../tasks/everything/index.js';
import type { MaskTokenKind, ReferHead } from '../tasks/refer/index.js';
import { progressBar } from './progress.js';
import type { ReferringRequest } from './referring-data.js';

export interface ReferBatchOptions {
  images: string;
  split?: string;
  output: string;
  gtOut?: string;
  model: ResolvedModel;
  /** Candidates from SAM everything-mode; without it, each image's annotations are the pool. */
  sam: ResolvedModel | undefined;
  generator: EverythingOptions;
  head: ReferHead | undefined;
  threshold?: number;
  maskTokens?: MaskTokenKind;
  maxTiles: number;
  contextScale: number;
}

interface ExchangeRecord {
  id: string;
  segmentation: Rle | [];
  size: [number, number];
  no_target: boolean;
}

export async function referBatch(requests: readonly ReferringRequest[], options: ReferBatchOptions): Promise<void> {
  const { withInternVL } = await import('../tasks/loaded-models.js');
  const { refer } = await import('../tasks/refer/index.js');
  const { decode, merge } = await import('../core/rle/index.js');
  const { writeExchangeRecords } = await import('./referring-data.js');
  const predictions: ExchangeRecord[] = [];
  const truth: ExchangeRecord[] = [];
  const samPools = new Map<number | string, OwsegRegion[]>();
  const bar = await progressBar('referring [{bar}] {percentage}% | {value}/{total} requests | eta {eta_formatted}');
  let empty = 0;
  const referAll = async (model: InternVLModel) => {
    for (const [k, request] of requests.entries()) {
      const image = await request.image.load();
      let pool = request.candidates;
      if (options.sam) {
        if (!samPools.has(request.image.id)) {
          const { everythingRegions } = await import('./everything-regions.js');
          samPools.set(request.image.id, await everythingRegions(image, options.sam, options.generator));
        }
        pool = samPools.get(request.image.id)!.map((region) => region.segmentation);
      }
      const size: [number, number] = [request.image.height, request.image.width];
      truth.push({ id: request.id, segmentation: request.target ?? [], size, no_target: request.target === null });
      if (pool.length === 0) {
        // Nothing to choose from: the only answer is "no target".
        predictions.push({ id: request.id, segmentation: [], size, no_target: true });
        empty++;
      } else {
        const result = await refer(image, request.text, {
          model,
          candidates: pool.map((rle, i) => decode(rle, `${request.id}: candidates[${i}]`)),
          maxTiles: options.maxTiles,
          contextScale: options.contextScale,
          ...(options.head ? { head: options.head } : {}),
          ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
          ...(options.maskTokens === undefined ? {} : { maskTokens: options.maskTokens }),
        });
        if (result.empty) empty++;
        predictions.push({ id: request.id, segmentation: result.empty ? [] : merge(result.selected.map((i) => pool[i]!)), size, no_target: result.empty });
      }
      bar.update(k + 1, requests.length);
    }
  };
  try {
    await withInternVL(options.model.dir, referAll);
  } finally {
    bar.stop();
  }
  await writeExchangeRecords(options.output, predictions);
  if (options.gtOut !== undefined) await writeExchangeRecords(options.gtOut, truth);
  console.log(`owseg refer: ${requests.length} requests (${empty} answered "no target") → ${options.output}${options.gtOut === undefined ? '' : `, ground truth → ${options.gtOut}`}`);
}
