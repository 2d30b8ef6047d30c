/**
 * Runs a zod schema and turns its first issue into one InvalidInputError naming the JSON path,
 * what was expected there and what was found, instead of surfacing zod's issue list.
 */
import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { fieldAt, type JsonPath } from './path.js';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Parses `value` with `schema`; on failure throws an InvalidInputError for the first issue. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, source?: string): T {
  const result = schema.safeParse(value, { error: expectedPhrase, reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [path, leaf] = innermost(issue, issue.path);
  const field = fieldAt(path, source);
  if (leaf.code === 'unrecognized_keys') {
    throw new InvalidInputError(field, leaf.message, `got ${leaf.keys.map((k) => JSON.stringify(k)).join(', ')}`);
  }
  throw new InvalidInputError(field, leaf.message, describeInput(leaf));
}

/**
 * A union fails as a whole, which hides where a value went wrong. When exactly one branch had
 * the right outer shape (its issues are not just "wrong type here"), that branch is what the
 * author meant, so report its first issue at its full path; otherwise report the union itself.
 */
function innermost(issue: Issue, path: JsonPath): [JsonPath, Issue] {
  if (issue.code !== 'invalid_union') return [path, issue];
  const shaped = issue.errors.filter(
    (branch) => !branch.every((inner) => inner.path.length === 0 && inner.code === 'invalid_type'),
  );
  const inner = shaped.length === 1 ? shaped[0]![0] : undefined;
  return inner === undefined ? [path, issue] : innermost(inner, [...path, ...inner.path]);
}

const typeNames: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  array: 'an array',
  tuple: 'an array',
  object: 'an object',
  record: 'an object',
};

/** The "expected …" phrase for zod's built-in issues; schemas that know better set their own `error`. */
function expectedPhrase(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return typeNames[issue.expected] ?? `a ${issue.expected}`;
    case 'too_small':
      return bound(issue.origin, issue.inclusive ? '>=' : '>', Number(issue.minimum), 'at least');
    case 'too_big':
      return bound(issue.origin, issue.inclusive ? '<=' : '<', Number(issue.maximum), 'at most');
    case 'invalid_value':
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return allowedKeys(issue.inst);
    case 'invalid_format':
      return `a ${issue.format} string`;
    default:
      return 'a valid value';
  }
}

function bound(origin: string, op: string, limit: number, quantity: string): string {
  if (origin === 'array' || origin === 'set') return `${quantity} ${limit} item${limit === 1 ? '' : 's'}`;
  if (origin === 'string') return `${quantity} ${limit} character${limit === 1 ? '' : 's'}`;
  return `a number ${op} ${limit}`;
}

/** For strict objects: list the fields they accept, pointing at `extra` where the schema has one. */
function allowedKeys(inst: unknown): string {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape ?? {};
  const keys = Object.keys(shape);
  const named = keys.filter((k) => k !== 'extra').join(', ');
  return keys.includes('extra') ? `only the fields ${named}, and "extra" for custom data` : `only the fields ${named}`;
}

/** What the offending value was, briefly: `missing`, `got "abc"`, `got 3 items`. */
function describeInput(issue: Issue): string | undefined {
  if (!('input' in issue)) return undefined;
  const input = issue.input;
  if (input === undefined) return 'missing';
  if (Array.isArray(input)) {
    const sized = issue.code === 'too_small' || issue.code === 'too_big';
    return sized ? `got ${input.length} item${input.length === 1 ? '' : 's'}` : 'got an array';
  }
  if (input === null) return 'got null';
  if (typeof input === 'object') return 'got an object';
  const text = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return `got ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}
