/**
 * Error types shared by every layer: bad input names the offending field and what was expected,
 * so a user can fix a file or a call without reading owseg's source.
 */

/** Input that does not meet owseg's contract. `field` is a path such as `annotations[12].segmentation.counts`. */
export class InvalidInputError extends Error {
  readonly field: string;
  readonly expected: string;

  constructor(field: string, expected: string, detail?: string) {
    super(`${field}: expected ${expected}${detail ? ` (${detail})` : ''}`);
    this.name = 'InvalidInputError';
    this.field = field;
    this.expected = expected;
  }
}
