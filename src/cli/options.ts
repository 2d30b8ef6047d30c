/**
 * Parsers for numeric command-line options: a bad value is a usage error naming the flag,
 * raised through commander so it exits with the usage code.
 */
import { InvalidArgumentError } from 'commander';

/** A number within [min, max]. */
export function numberIn(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${value}"`);
    }
    return number;
  };
}

/** A whole number ≥ min. */
export function integerFrom(min: number): (value: string) => number {
  return (value: string) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}"`);
    }
    return number;
  };
}
