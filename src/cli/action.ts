/**
 * Wraps a subcommand's action so every error reaches the user as one clear line and a
 * documented exit code, instead of a stack trace.
 */
import { CommanderError } from 'commander';
import { InvalidInputError } from '../core/errors.js';
import { HubError } from '../hub/errors.js';
import { ExitCode } from './exit-codes.js';

/** Returns a commander action that runs `body` and maps its errors to exit codes. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (error) {
      if (error instanceof CommanderError) {
        console.error(`owseg: ${error.message}`);
        process.exitCode = ExitCode.usage;
        return;
      }
      if (error instanceof HubError) {
        console.error(`owseg: ${error.message}`);
        process.exitCode = ExitCode.modelUnavailable;
        return;
      }
      if (error instanceof InvalidInputError) {
        console.error(`owseg: ${error.message}`);
        process.exitCode = ExitCode.invalidInput;
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      console.error(`owseg: ${message}`);
      if (process.env.OWSEG_DEBUG && error instanceof Error) console.error(error.stack);
      process.exitCode = ExitCode.failure;
    }
  };
}
