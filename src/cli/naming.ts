/**
 * Word-free naming as the CLI offers it (`owseg name`, `owseg segment --name`): the shared flags,
 * and names written into owseg result regions with a progress bar.
 */
import { Option, type Command } from 'commander';
import type { OwsegRegion } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import { integerFrom, numberIn } from './options.js';
import { progressBar } from './progress.js';

export interface NamingFlags {
  mode: 'parallel' | 'sequential';
  maxTiles: number;
  contextScale: number;
  maxNewTokens: number;
}

/** Adds the naming flags, with the reference evaluation's defaults. */
export function addNamingOptions(command: Command): Command {
  return command
    .addOption(new Option('--mode <mode>', 'parallel: all masks in one cascade pass; sequential: one chat call per mask, as the reference evaluation').choices(['parallel', 'sequential']).default('parallel'))
    .option('--max-tiles <n>', 'most 448 tiles for the whole image (dynamic tiling)', integerFrom(1), 12)
    .option('--context-scale <s>', "crop side over the mask box's longer side", numberIn(1, 100), 2)
    .option('--max-new-tokens <n>', 'longest name, in tokens', integerFrom(1), 100);
}

/** Names every region with the InternVL pack, with a progress bar, and returns the regions with `name` and `logProb` set. */
export async function nameOwsegRegionsWithProgress(image: RgbImage, regions: readonly OwsegRegion[], pack: string, flags: NamingFlags): Promise<OwsegRegion[]> {
  const { nameOwsegRegions } = await import('../tasks/name/owseg-regions.js');
  const bar = await progressBar('naming [{bar}] {percentage}% | {value}/{total} masks | eta {eta_formatted}');
  try {
    return await nameOwsegRegions(image, regions, { model: pack, ...namingOptions(flags), onProgress: (done, total) => bar.update(done, total) });
  } finally {
    bar.stop();
  }
}

/** The naming flags as the library's options (also what result files record). */
export function namingOptions(flags: NamingFlags): NamingFlags {
  return { mode: flags.mode, maxTiles: flags.maxTiles, contextScale: flags.contextScale, maxNewTokens: flags.maxNewTokens };
}
