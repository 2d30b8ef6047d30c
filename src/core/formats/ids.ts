/**
 * Cross-references inside annotation files: ids must be unique within their list, and every
 * reference (image_id, category_id, …) must name an entry that exists.
 */
import { InvalidInputError } from '../errors.js';
import { fieldAt } from './path.js';

/** Maps each entry's id to its position in `items` (the list at top-level key `list`); throws on a repeated id. */
export function indexIds(items: readonly { id: number }[], list: string, source?: string): Map<number, number> {
  const index = new Map<number, number>();
  items.forEach((item, i) => {
    const first = index.get(item.id);
    if (first !== undefined) {
      throw new InvalidInputError(fieldAt([list, i, 'id'], source), 'a unique id', `${item.id} is also ${list}[${first}].id`);
    }
    index.set(item.id, i);
  });
  return index;
}

/** Throws unless `id` is a key of `known`; `what` names the kind of entry, e.g. "an image". */
export function requireKnown(id: number, known: ReadonlyMap<number, unknown>, field: string, what: string): void {
  if (!known.has(id)) {
    throw new InvalidInputError(field, `the id of ${what}`, `no ${what.replace(/^an? /, '')} has id ${id}`);
  }
}
