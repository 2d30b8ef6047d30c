/**
 * Typed reads of fields from a parsed JSON file: each failure names the file and the field path
 * (`config.json: llm_config.rope_theta: expected a number`), so a user can fix the file directly.
 */
import { InvalidInputError } from '../../core/errors.js';

/** A JSON object being read, with the path used in error messages. */
export class JsonFields {
  readonly file: string;
  readonly path: string;
  readonly value: Record<string, unknown>;

  constructor(file: string, value: unknown, path = '') {
    this.file = file;
    this.path = path;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InvalidInputError(this.where(path || '(root)'), 'a JSON object');
    }
    this.value = value as Record<string, unknown>;
  }

  /** The sub-object `key`. */
  object(key: string): JsonFields {
    const value = this.value[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.error(key, 'an object');
    return new JsonFields(this.file, value, this.join(key));
  }

  number(key: string): number {
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.error(key, 'a number');
    return value;
  }

  /** A positive integer (sizes, counts). */
  size(key: string): number {
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw this.error(key, 'a positive integer');
    return value;
  }

  integer(key: string): number {
    const value = this.value[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw this.error(key, 'an integer');
    return value;
  }

  boolean(key: string): boolean {
    const value = this.value[key];
    if (typeof value !== 'boolean') throw this.error(key, 'true or false');
    return value;
  }

  string(key: string): string {
    const value = this.value[key];
    if (typeof value !== 'string') throw this.error(key, 'a string');
    return value;
  }

  /** One of `choices`. */
  choice<T extends string>(key: string, choices: readonly T[]): T {
    const value = this.value[key];
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      throw this.error(key, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value === undefined ? undefined : `got ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  /** Whether `key` is present with a value other than null. */
  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  /** `read(key)` when the field is present and not null, else `fallback` (for fields the published code defaults). */
  optional<T>(key: string, read: (key: string) => T, fallback: T): T {
    return this.has(key) ? read(key) : fallback;
  }

  /** An error about field `key` (or about this object when `key` is empty). */
  error(key: string, expected: string, detail?: string): InvalidInputError {
    return new InvalidInputError(this.where(this.join(key)), expected, detail);
  }

  private join(key: string): string {
    if (!key) return this.path;
    return this.path ? `${this.path}.${key}` : key;
  }

  private where(path: string): string {
    return `${this.file}: ${path}`;
  }
}
