/**
 * Candidate features of `refer fit`, cached on disk per example (a small safetensors file keyed by
 * a hash of the model, the mask-token kind, the options and the example), so a second fit reads them.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SafetensorsFile, writeSafetensors } from '../../../models/safetensors/index.js';
import type { CandidateReading } from '../score-candidates.js';

/** A hash of everything a reading depends on; `parts` must pin the model (its graphs' sha256) and the example. */
export function featureKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export async function readCachedFeatures(dir: string, key: string): Promise<CandidateReading[] | undefined> {
  let file: SafetensorsFile;
  try {
    file = await SafetensorsFile.open(join(dir, `${key}.safetensors`));
  } catch {
    return undefined;
  }
  try {
    const hidden = await file.readFloat32('hidden');
    const yesNo = await file.readFloat32('yes_no');
    const dims = file.info('hidden').shape[1]!;
    return Array.from(yesNo, (value, i) => ({ hidden: hidden.slice(i * dims, (i + 1) * dims), yesNo: value }));
  } finally {
    await file.close();
  }
}

/** Written beside and renamed, so an interrupted fit never leaves a file that reads as complete. */
export async function writeCachedFeatures(dir: string, key: string, readings: readonly CandidateReading[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const dims = readings[0]?.hidden.length ?? 0;
  const hidden = new Float32Array(readings.length * dims);
  readings.forEach((r, i) => hidden.set(r.hidden, i * dims));
  const yesNo = Float32Array.from(readings, (r) => r.yesNo);
  const path = join(dir, `${key}.safetensors`);
  const partial = `${path}.${process.pid}.partial`;
  const bytes = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  try {
    await writeSafetensors(
      partial,
      [
        { name: 'hidden', dtype: 'F32', shape: [readings.length, dims] },
        { name: 'yes_no', dtype: 'F32', shape: [readings.length] },
      ],
      (t) => (t.name === 'hidden' ? bytes(hidden) : bytes(yesNo)),
    );
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}
