/**
 * Builds the `owseg` command tree with commander: one file per subcommand under commands/,
 * registered here in the order `owseg --help` lists them.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode } from './exit-codes.js';
import { owsegVersion } from '../core/version.js';
import { registerBatch } from './commands/batch.js';
import { registerConvert } from './commands/convert.js';
import { registerDense } from './commands/dense.js';
import { registerDraw } from './commands/draw.js';
import { registerEval } from './commands/eval.js';
import { registerGround } from './commands/ground.js';
import { registerInfo } from './commands/info.js';
import { registerModels } from './commands/models.js';
import { registerName } from './commands/name.js';
import { registerPull } from './commands/pull.js';
import { registerRefer } from './commands/refer.js';
import { registerSegment } from './commands/segment.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';

export function buildProgram(): Command {
  const program = new Command('owseg')
    .description('Open-world segmentation: segment everything, name every region, score it on the benchmarks.')
    .version(owsegVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride();
  registerSegment(program);
  registerName(program);
  registerRefer(program);
  registerGround(program);
  registerDense(program);
  registerServe(program);
  registerBatch(program);
  registerWorker(program);
  registerDraw(program);
  registerInfo(program);
  registerEval(program);
  registerConvert(program);
  registerPull(program);
  registerModels(program);
  return program;
}

/** Parses argv and runs the chosen subcommand; returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return benign.includes(error.code) ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
}
