/**
 * owseg's library API: everything a program needs is exported from here, grouped by layer. Every
 * loader takes a folder, a model name (`slimsam`, `wowseg-1b`) or a Hub repo id.
 */
export type { Mask } from './core/mask.js';
export { emptyMask, assertMask, maskArea } from './core/mask.js';
export { InvalidInputError } from './core/errors.js';
export type { Rle, UncompressedRle, XywhBox } from './core/rle/types.js';
export * as bitmap from './core/bitmap/index.js';
export * as polygons from './core/polygons/index.js';
export * from './core/formats/index.js';
export * as rle from './core/rle/index.js';
export * from './core/image/index.js';
export { drawOverlay, renderOverlayPng, regionColor, PALETTE, type OverlayOptions, type OverlayRegion, type Rgb } from './core/draw/index.js';
export * as onnx from './onnx/index.js';
export * as safetensors from './models/safetensors/index.js';
export * as internvl from './api/internvl.js';
export * as sam from './api/sam.js';
export * as textModels from './api/text.js';
export * as hub from './hub/index.js';
export * from './tasks/everything/index.js';
export * from './eval/index.js';
export * as wowseg from './api/wowseg.js';
export { nameRegions, type NameRegionsModelOptions as NameRegionsOptions } from './api/wowseg.js';
export type { NamedRegion } from './tasks/name/index.js';
export { HubError, type ModelEvent } from './hub/index.js';
export * as ras from './api/refer.js';
export { refer, type ReferModelOptions as ReferOptions } from './api/refer.js';
export type { ReferResult, ScoredCandidate } from './tasks/refer/index.js';
export * as anyword from './api/ground.js';
export { ground, type GroundModelOptions as GroundOptions } from './api/ground.js';
export type { GroundResult, GroundedEntity } from './tasks/ground/index.js';
export * as rose from './api/dense.js';
export { dense, type DenseModelOptions as DenseOptions } from './api/dense.js';
export type { DenseResult, DenseRegion } from './tasks/dense/index.js';
export * as vocabularies from './eval/vocabularies/index.js';
export * as batch from './batch/index.js';
export { startServer, parseEmbedding, encodeEmbedding, type RunningServer, type ServeOptions } from './server/index.js';
