/**
 * The InternVL packs the model-size benchmarks run: InternVL3-1B's dimensions with seeded random
 * weights, written as a bf16 checkpoint and converted by the real converter, once per weight format.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { convertInternVLCheckpoint, internVL3OneBSizes, writeTinyInternVLCheckpoint, type WeightFormat } from '../src/models/internvl/index.js';

export interface RealSizePack {
  weights: WeightFormat;
  dir: string;
  /** Bytes of every file in the pack. */
  bytes: number;
  convertSeconds: number;
}

/** Converts a fresh InternVL3-1B-size checkpoint into `root`/pack (fp32) and returns the pack folder. */
export async function internVL3OneBPack(root: string): Promise<string> {
  const [pack] = await internVL3OneBPacks(root, ['fp32']);
  return pack!.dir;
}

/** One InternVL3-1B-size checkpoint converted into `root`/pack-<format> for each format. */
export async function internVL3OneBPacks(root: string, formats: readonly WeightFormat[]): Promise<RealSizePack[]> {
  const checkpoint = join(root, 'checkpoint');
  await writeTinyInternVLCheckpoint(checkpoint, { seed: 1, sizes: internVL3OneBSizes, dtype: 'bfloat16' });
  const packs: RealSizePack[] = [];
  for (const weights of formats) {
    const dir = join(root, weights === 'fp32' ? 'pack' : `pack-${weights}`);
    const start = performance.now();
    await convertInternVLCheckpoint(checkpoint, dir, { weights: { format: weights } });
    packs.push({ weights, dir, bytes: await folderBytes(dir), convertSeconds: (performance.now() - start) / 1000 });
  }
  await rm(checkpoint, { recursive: true });
  return packs;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
