/**
 * Reading and writing annotation and result files by path: readers name the file in every error,
 * writers validate before touching the disk and replace the file atomically.
 */
import { parseCocoInstances, type CocoInstances } from './coco.js';
import { parseCocoResults, type CocoResult } from './coco-results.js';
import { readJsonFile, writeFileAtomic } from './json-file.js';
import { parseLvis, type Lvis } from './lvis.js';
import { parseOwsegResult, stringifyOwsegResult, type OwsegResult } from './owseg-result.js';

export async function readCocoInstances(path: string): Promise<CocoInstances> {
  return parseCocoInstances(await readJsonFile(path), { source: path });
}

export async function readLvis(path: string): Promise<Lvis> {
  return parseLvis(await readJsonFile(path), { source: path });
}

export async function readCocoResults(path: string): Promise<CocoResult[]> {
  return parseCocoResults(await readJsonFile(path), { source: path });
}

export async function readOwsegResult(path: string): Promise<OwsegResult> {
  return parseOwsegResult(await readJsonFile(path), { source: path });
}

/** Writes compact JSON, as pycocotools users expect; throws before writing anything if `data` is invalid. */
export async function writeCocoInstances(path: string, data: CocoInstances): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(parseCocoInstances(data))}\n`);
}

export async function writeLvis(path: string, data: Lvis): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(parseLvis(data))}\n`);
}

export async function writeCocoResults(path: string, results: CocoResult[]): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(parseCocoResults(results))}\n`);
}

export async function writeOwsegResult(path: string, result: OwsegResult): Promise<void> {
  await writeFileAtomic(path, stringifyOwsegResult(parseOwsegResult(result)));
}
