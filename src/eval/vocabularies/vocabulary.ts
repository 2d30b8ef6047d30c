/**
 * Closed class lists that free names are mapped onto, so an open-world output can be scored against
 * closed-set ground truth: the built-in COCO panoptic and ADE20K lists, or a user's JSON file.
 */
import { InvalidInputError } from '../../core/errors.js';
import { readJsonFile } from '../../core/formats/json-file.js';
import type { VocabularyClass } from '../open-vocab/classifier.js';

export interface ClosedClass {
  id: number;
  /** The class's name in its dataset (the category name written to outputs). */
  label: string;
  /** What free names are compared with (synonyms). */
  names: string[];
  isthing: boolean;
}

export interface ClosedVocabulary {
  name: string;
  classes: ClosedClass[];
}

export const BUILT_IN_VOCABULARIES = ['coco-panoptic', 'ade20k'] as const;

/**
 * `coco-panoptic`, `ade20k`, or a JSON file: a list of `{ id?, name | names, isthing }` or a COCO
 * panoptic file whose `categories` (`{ id, name, isthing }`) are the list. Ids default to the position.
 */
export async function readVocabulary(spec: string): Promise<ClosedVocabulary> {
  if (spec === 'coco-panoptic') return (await import('./coco-panoptic.js')).COCO_PANOPTIC;
  if (spec === 'ade20k') return (await import('./ade20k.js')).ADE20K_150;
  const json = await readJsonFile(spec);
  const list = Array.isArray(json) ? json : (json as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidInputError(spec, `${BUILT_IN_VOCABULARIES.join(' or ')}, or a JSON list of { name, isthing } (or a file with such categories)`);
  }
  const classes = list.map((entry, i): ClosedClass => {
    const field = `${spec}: [${i}]`;
    const record = entry as { id?: unknown; name?: unknown; names?: unknown; isthing?: unknown } | null;
    const names = typeof record?.name === 'string' ? [record.name] : record?.names;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n.trim() !== '')) {
      throw new InvalidInputError(`${field}.name`, 'a class name (or names: a list of synonyms)');
    }
    if (record!.isthing !== undefined && typeof record!.isthing !== 'boolean' && record!.isthing !== 0 && record!.isthing !== 1) {
      throw new InvalidInputError(`${field}.isthing`, 'true/false or 1/0', `got ${JSON.stringify(record!.isthing)}`);
    }
    const id = record!.id ?? i;
    if (!Number.isInteger(id)) throw new InvalidInputError(`${field}.id`, 'an integer', `got ${JSON.stringify(id)}`);
    return { id: id as number, label: names[0] as string, names: names as string[], isthing: record!.isthing === true || record!.isthing === 1 };
  });
  const ids = new Set(classes.map((c) => c.id));
  if (ids.size !== classes.length) throw new InvalidInputError(`${spec}: id`, 'ids used once each');
  return { name: spec, classes };
}

/** The classes as the open-vocabulary classifier takes them. */
export function vocabularyClasses(vocabulary: ClosedVocabulary): VocabularyClass[] {
  return vocabulary.classes.map((c) => ({ id: c.id, names: c.names }));
}
