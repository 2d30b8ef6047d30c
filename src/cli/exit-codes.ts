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
  /** A model could not be had: not on the Hub, no access, offline without it in the cache, the network failed, a download was damaged. */
  modelUnavailable: 4,
} as const;
