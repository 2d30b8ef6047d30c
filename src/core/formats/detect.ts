/**
 * Tells the supported file formats apart from their content alone (never from the file name),
 * so `owseg info` and other tools can take any annotation or result file.
 */
import { InvalidInputError } from '../errors.js';
import { parseCocoInstances, type CocoInstances, type ParseOptions } from './coco.js';
import { parseCocoResults, type CocoResult } from './coco-results.js';
import { readJsonFile } from './json-file.js';
import { parseLvis, type Lvis } from './lvis.js';
import { parseOwsegResult, type OwsegResult } from './owseg-result.js';
import { fieldAt } from './path.js';

export type AnnotationFormat = 'coco-instances' | 'lvis' | 'coco-results' | 'owseg-result';

export type AnnotationFile =
  | { format: 'coco-instances'; data: CocoInstances }
  | { format: 'lvis'; data: Lvis }
  | { format: 'coco-results'; data: CocoResult[] }
  | { format: 'owseg-result'; data: OwsegResult };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const someHas = (list: unknown, keys: string[]): boolean =>
  Array.isArray(list) && list.some((item) => isRecord(item) && keys.some((key) => key in item));

/**
 * The format of a parsed JSON value, decided before validation so errors come from the right schema:
 * 1. an array is a COCO results list;
 * 2. an object with a `format` key is an owseg result;
 * 3. an object with `images`, `annotations` or `categories` is LVIS when any image has
 *    `neg_category_ids` or `not_exhaustive_category_ids` or any category has `frequency`,
 *    and COCO instances otherwise;
 * 4. anything else is an InvalidInputError.
 */
export function detectFormat(value: unknown, options: ParseOptions = {}): AnnotationFormat {
  if (Array.isArray(value)) return 'coco-results';
  if (isRecord(value)) {
    if ('format' in value) return 'owseg-result';
    if ('images' in value || 'annotations' in value || 'categories' in value) {
      const lvis =
        someHas(value.images, ['neg_category_ids', 'not_exhaustive_category_ids']) ||
        someHas(value.categories, ['frequency']);
      return lvis ? 'lvis' : 'coco-instances';
    }
  }
  const found = isRecord(value)
    ? `got an object with keys ${Object.keys(value).slice(0, 8).join(', ') || '(none)'}`
    : `got ${value === null ? 'null' : typeof value}`;
  throw new InvalidInputError(
    fieldAt([], options.source),
    'a COCO instances or LVIS object, a COCO results array, or an owseg result',
    found,
  );
}

/** Detects the format of `value` and validates it as that format. */
export function parseAnnotationFile(value: unknown, options: ParseOptions = {}): AnnotationFile {
  switch (detectFormat(value, options)) {
    case 'coco-results':
      return { format: 'coco-results', data: parseCocoResults(value, options) };
    case 'owseg-result':
      return { format: 'owseg-result', data: parseOwsegResult(value, options) };
    case 'lvis':
      return { format: 'lvis', data: parseLvis(value, options) };
    case 'coco-instances':
      return { format: 'coco-instances', data: parseCocoInstances(value, options) };
  }
}

/** Reads any supported file; see {@link detectFormat} for how the format is chosen. */
export async function readAnnotationFile(path: string): Promise<AnnotationFile> {
  return parseAnnotationFile(await readJsonFile(path), { source: path });
}
