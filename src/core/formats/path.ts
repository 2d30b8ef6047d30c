/**
 * Names a place inside a JSON document the way users read it (`annotations[12].segmentation.counts`),
 * so every format error points at one field, optionally prefixed with the file it came from.
 */

/** A path into a JSON value: object keys and array indices, outermost first. */
export type JsonPath = readonly PropertyKey[];

const identifier = /^[A-Za-z_$][\w$]*$/;

/** Extends a field name with more keys: `appendPath('annotations[2]', ['bbox', 3])` → `annotations[2].bbox[3]`. */
export function appendPath(base: string, path: JsonPath): string {
  let text = base;
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && identifier.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/**
 * The `field` of an error at `path`: `instances.json: annotations[3].id` when the source is known,
 * the bare path otherwise; the whole document is named by its source, or `input` without one.
 */
export function fieldAt(path: JsonPath, source?: string): string {
  const inner = appendPath('', path);
  if (source === undefined) return inner === '' ? 'input' : inner;
  return inner === '' ? source : `${source}: ${inner}`;
}
