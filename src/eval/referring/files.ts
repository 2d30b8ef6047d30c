/**
 * The `gres` and `res` entry points a CLI calls: ground-truth and prediction files in owseg's
 * referring exchange format (see exchange.ts), scored by ReLA's GRES or LISA's RES definitions.
 */
import { evaluateGres, type GresOptions, type GresStats } from './gres.js';
import { readExchangeFiles, type ExchangeOptions } from './exchange.js';
import { evaluateRes, type ResStats } from './res.js';

export interface ReferringFilesResult<Metric extends string, Stats> {
  metric: Metric;
  stats: Stats & Record<string, number>;
  skipped: number;
}

export async function evaluateGresFiles(
  gtPath: string,
  predPath: string,
  options: GresOptions & ExchangeOptions = {},
): Promise<ReferringFilesResult<'gres', GresStats>> {
  const { samples, skipped } = await readExchangeFiles(gtPath, predPath, options);
  const { gIoU, cIoU, N_acc, T_acc } = evaluateGres(samples, options);
  return { metric: 'gres', stats: { gIoU, cIoU, N_acc, T_acc }, skipped };
}

/** RES ignores `no_target` flags: the "lisa" variant scores masks only. */
export async function evaluateResFiles(
  gtPath: string,
  predPath: string,
  options: ExchangeOptions = {},
): Promise<ReferringFilesResult<'res', ResStats>> {
  const { samples, skipped } = await readExchangeFiles(gtPath, predPath, options);
  const { cIoU, gIoU } = evaluateRes(samples);
  return { metric: 'res', stats: { cIoU, gIoU }, skipped };
}
