/**
 * The InternVL pack the model-size benchmarks run: InternVL3-1B's dimensions with seeded random
 * weights, written as a bf16 checkpoint and converted by the real converter.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { convertInternVLCheckpoint, internVL3OneBSizes, writeTinyInternVLCheckpoint } from '../src/models/internvl/index.js';

/** Converts a fresh InternVL3-1B-size checkpoint into `root`/pack and returns the pack folder. */
export async function internVL3OneBPack(root: string): Promise<string> {
  const checkpoint = join(root, 'checkpoint');
  const pack = join(root, 'pack');
  await writeTinyInternVLCheckpoint(checkpoint, { seed: 1, sizes: internVL3OneBSizes, dtype: 'bfloat16' });
  await convertInternVLCheckpoint(checkpoint, pack);
  await rm(checkpoint, { recursive: true });
  return pack;
}
