/**
 * Word-free naming as the CLI offers it (`owseg name`, `owseg segment --name`): the shared flags,
 * and names written into owseg result regions with a progress bar.
 */
import { Option, type Command } from 'commander';
import type { OwsegRegion } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import { namedRegions } from '../api/result-regions.js';
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

/** Names every region (decoded from its RLE) with the InternVL pack and returns the regions with `name` and `logProb` set. */
export async function nameOwsegRegions(image: RgbImage, regions: readonly OwsegRegion[], pack: string, flags: NamingFlags): Promise<OwsegRegion[]> {
  const { decode } = await import('../core/rle/index.js');
  const { nameRegions } = await import('../tasks/name/index.js');
  const bar = await progressBar('naming [{bar}] {percentage}% | {value}/{total} masks | eta {eta_formatted}');
  try {
    const named = await nameRegions(
      image,
      regions.map((region, i) => decode(region.segmentation, `regions[${i}].segmentation`)),
      {
        model: pack,
        mode: flags.mode,
        maxTiles: flags.maxTiles,
        contextScale: flags.contextScale,
        maxNewTokens: flags.maxNewTokens,
        onProgress: (done, total) => bar.update(done, total),
      },
    );
    return namedRegions(regions, named);
  } finally {
    bar.stop();
  }
}
