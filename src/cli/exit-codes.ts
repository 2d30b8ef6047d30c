/**
 * The CLI's exit codes, a contract for scripts that call owseg: documented in the README.
 */
export const ExitCode = {
  ok: 0,
  /** An unexpected failure inside owseg (a bug, an I/O error). */
  failure: 1,
  /** Bad command line: unknown flag, missing argument. */
  usage: 2,
  /** A file or value that does not meet owseg's contract (the message names the field). */
  invalidInput: 3,
} as const;
