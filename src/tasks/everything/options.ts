/**
 * The options of SAM's `SamAutomaticMaskGenerator`, with its defaults, checked up front so a bad
 * value is reported before any model call. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import { InvalidInputError } from '../../core/errors.js';
import { buildLayerGrids } from './point-grid.js';

export interface EverythingOptions {
  /** Points along each side of the layer-0 grid; exclusive with `pointGrids`. Default 32. */
  pointsPerSide?: number;
  /** Explicit grids per crop layer, normalised x, y pairs in [0, 1] (layer i uses grid i). */
  pointGrids?: Float64Array[];
  pointsPerBatch?: number;
  predIouThresh?: number;
  stabilityScoreThresh?: number;
  stabilityScoreOffset?: number;
  boxNmsThresh?: number;
  cropNLayers?: number;
  cropNmsThresh?: number;
  cropOverlapRatio?: number;
  cropNPointsDownscaleFactor?: number;
  minMaskRegionArea?: number;
}

/** Every option filled in; `pointGrids` is built from `pointsPerSide` when not given. */
export interface ResolvedOptions {
  pointGrids: Float64Array[];
  pointsPerBatch: number;
  predIouThresh: number;
  stabilityScoreThresh: number;
  stabilityScoreOffset: number;
  boxNmsThresh: number;
  cropNLayers: number;
  cropNmsThresh: number;
  cropOverlapRatio: number;
  cropNPointsDownscaleFactor: number;
  minMaskRegionArea: number;
}

/** The reference's defaults (segment_anything/automatic_mask_generator.py). */
export const EVERYTHING_DEFAULTS = {
  pointsPerSide: 32,
  pointsPerBatch: 64,
  predIouThresh: 0.88,
  stabilityScoreThresh: 0.95,
  stabilityScoreOffset: 1.0,
  boxNmsThresh: 0.7,
  cropNLayers: 0,
  cropNmsThresh: 0.7,
  cropOverlapRatio: 512 / 1500,
  cropNPointsDownscaleFactor: 1,
  minMaskRegionArea: 0,
} as const;

/** Validates `options`, fills defaults and builds the point grids. */
export function resolveOptions(options: EverythingOptions): ResolvedOptions {
  const d = EVERYTHING_DEFAULTS;
  const pointsPerBatch = integer(options.pointsPerBatch ?? d.pointsPerBatch, 'pointsPerBatch', 1);
  const cropNLayers = integer(options.cropNLayers ?? d.cropNLayers, 'cropNLayers', 0);
  const cropNPointsDownscaleFactor = integer(options.cropNPointsDownscaleFactor ?? d.cropNPointsDownscaleFactor, 'cropNPointsDownscaleFactor', 1);
  const resolved: Omit<ResolvedOptions, 'pointGrids'> = {
    pointsPerBatch,
    predIouThresh: finite(options.predIouThresh ?? d.predIouThresh, 'predIouThresh'),
    stabilityScoreThresh: finite(options.stabilityScoreThresh ?? d.stabilityScoreThresh, 'stabilityScoreThresh'),
    stabilityScoreOffset: finite(options.stabilityScoreOffset ?? d.stabilityScoreOffset, 'stabilityScoreOffset'),
    boxNmsThresh: finite(options.boxNmsThresh ?? d.boxNmsThresh, 'boxNmsThresh'),
    cropNLayers,
    cropNmsThresh: finite(options.cropNmsThresh ?? d.cropNmsThresh, 'cropNmsThresh'),
    cropOverlapRatio: finite(options.cropOverlapRatio ?? d.cropOverlapRatio, 'cropOverlapRatio'),
    cropNPointsDownscaleFactor,
    minMaskRegionArea: finite(options.minMaskRegionArea ?? d.minMaskRegionArea, 'minMaskRegionArea'),
  };
  if (resolved.minMaskRegionArea < 0) throw new InvalidInputError('minMaskRegionArea', 'a number ≥ 0', `got ${resolved.minMaskRegionArea}`);
  if (resolved.cropOverlapRatio < 0) throw new InvalidInputError('cropOverlapRatio', 'a number ≥ 0', `got ${resolved.cropOverlapRatio}`);
  return { ...resolved, pointGrids: grids(options, cropNLayers, cropNPointsDownscaleFactor) };
}

function grids(options: EverythingOptions, layers: number, downscale: number): Float64Array[] {
  if (options.pointGrids === undefined) {
    const side = integer(options.pointsPerSide ?? EVERYTHING_DEFAULTS.pointsPerSide, 'pointsPerSide', 1);
    return buildLayerGrids(side, layers, downscale);
  }
  // The reference asserts exactly one of points_per_side and point_grids.
  if (options.pointsPerSide !== undefined) throw new InvalidInputError('pointsPerSide', 'to be left out when pointGrids is given');
  if (!Array.isArray(options.pointGrids) || options.pointGrids.length < layers + 1) {
    throw new InvalidInputError('pointGrids', `an array of at least cropNLayers + 1 = ${layers + 1} grids`);
  }
  options.pointGrids.forEach((grid, i) => {
    if (!(grid instanceof Float64Array) || grid.length % 2 !== 0) throw new InvalidInputError(`pointGrids[${i}]`, 'a Float64Array of x, y pairs');
    if (grid.some((v) => !(v >= 0 && v <= 1))) throw new InvalidInputError(`pointGrids[${i}]`, 'coordinates in [0, 1]');
  });
  return options.pointGrids;
}

function integer(value: number, field: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new InvalidInputError(field, `a whole number ≥ ${min}`, `got ${String(value)}`);
  return value;
}

function finite(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidInputError(field, 'a finite number', `got ${String(value)}`);
  return value;
}
