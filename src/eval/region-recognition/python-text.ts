/**
 * Python's str.split() / str.strip() on text: the reference scripts cut words at Python's whitespace,
 * which is not JavaScript's \s (Python adds U+001C–U+001F and U+0085, JavaScript adds U+FEFF).
 */

const whitespace = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const runs = new RegExp(`[${whitespace}]+`, 'u');
const ends = new RegExp(`^[${whitespace}]+|[${whitespace}]+$`, 'gu');

/** `text.split()` in Python: words between whitespace runs, no empty strings. */
export function pythonSplit(text: string): string[] {
  return text.split(runs).filter((word) => word !== '');
}

/** `text.strip()` in Python. */
export function pythonStrip(text: string): string {
  return text.replace(ends, '');
}
