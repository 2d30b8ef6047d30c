/**
 * Referring segmentation metrics: GRES (ReLA: gIoU, cIoU, N-acc, T-acc) and RES (LISA's "lisa"
 * variant: cIoU, gIoU), on masks or RLEs in memory or owseg's exchange JSON files.
 */
export type { MaskInput, Overlap } from './overlap.js';
export { evaluateGres, type GresOptions, type GresResult, type GresSample, type GresStats } from './gres.js';
export { evaluateRes, type ResSample, type ResStats } from './res.js';
export { readExchangeFiles, type ExchangeOptions, type ExchangeSample } from './exchange.js';
export { evaluateGresFiles, evaluateResFiles, type ReferringFilesResult } from './files.js';
