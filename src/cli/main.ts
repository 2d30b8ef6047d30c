#!/usr/bin/env node
/**
 * The `owseg` executable: hands argv to the command tree and exits with its code.
 */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
