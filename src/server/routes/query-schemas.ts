/**
 * JSON Schemas of the task routes' query strings: Fastify validates and coerces them (a bad value
 * is a 400 naming the parameter) and @fastify/swagger documents them in /openapi.json.
 */
import type { EverythingOptions } from '../../tasks/everything/index.js';

const number = (minimum: number, maximum: number, description: string) => ({ type: 'number', minimum, maximum, description });
const integer = (minimum: number, description: string) => ({ type: 'integer', minimum, description });

/** SAM's automatic mask generator options, camelCase as the library takes them. */
export const generatorQuery = {
  pointsPerSide: integer(1, 'points along each side of the prompt grid (default 32)'),
  pointsPerBatch: integer(1, 'point prompts per decoder batch (default 64)'),
  predIouThresh: number(0, 1, 'keep masks whose predicted IoU is above this (default 0.88)'),
  stabilityScoreThresh: number(0, 1, 'keep masks whose stability score is at least this (default 0.95)'),
  stabilityScoreOffset: number(0, 1000, 'logit offset of the stability score (default 1)'),
  boxNmsThresh: number(0, 1, 'box IoU above which NMS drops the weaker duplicate (default 0.7)'),
  cropNLayers: integer(0, 'extra layers of crops (default 0)'),
  cropNmsThresh: number(0, 1, 'box IoU for NMS between crops (default 0.7)'),
  cropOverlapRatio: number(0, 1, 'overlap of neighbouring crops (default 512/1500)'),
  cropNPointsDownscaleFactor: integer(1, 'points per side are divided by f^k in crop layer k (default 1)'),
  minMaskRegionArea: integer(0, 'fill holes and drop islands smaller than this (default 0: off)'),
} as const;

/** WOW-Seg naming options, with the reference evaluation's defaults. */
export const namingQuery = {
  mode: { type: 'string', enum: ['parallel', 'sequential'], description: 'parallel: all masks in one cascade pass (default); sequential: one chat call per mask' },
  maxTiles: integer(1, 'most 448 tiles for the whole image (default 12)'),
  contextScale: number(1, 100, "crop side over the mask box's longer side (default 2)"),
  maxNewTokens: integer(1, 'longest name, in tokens (default 100)'),
} as const;

/** The everything-mode options of a request: the server's defaults, overridden by those its query sets. */
export function generatorFor(defaults: EverythingOptions, query: Record<string, unknown>): EverythingOptions {
  return { ...defaults, ...pick(query, generatorQuery) };
}

export function querySchema(properties: Record<string, unknown>) {
  return { type: 'object', properties, additionalProperties: false } as const;
}

/** Only the keys of `query` that `properties` declares and the client set. */
export function pick(query: Record<string, unknown>, properties: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(properties).filter((k) => query[k] !== undefined).map((k) => [k, query[k]]));
}
