/**
 * owseg's library API: everything a program needs is exported from here, grouped by layer.
 */
export type { Mask } from './core/mask.js';
export { emptyMask, assertMask, maskArea } from './core/mask.js';
export { InvalidInputError } from './core/errors.js';
