/**
 * A checkpoint folder as one set of tensors: `model.safetensors`, or the shards that
 * `model.safetensors.index.json` maps tensor names to (Hugging Face's sharded layout).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { SafetensorsFile } from './file.js';
import type { TensorInfo } from './header.js';

export const singleFileName = 'model.safetensors';
export const indexFileName = 'model.safetensors.index.json';

/** A tensor's entry plus the shard that holds it. */
export interface CheckpointTensor extends TensorInfo {
  readonly file: string;
}

export class SafetensorsCheckpoint {
  readonly dir: string;
  readonly tensors: ReadonlyMap<string, CheckpointTensor>;
  /** Open shards by path. */
  private readonly files: ReadonlyMap<string, SafetensorsFile>;

  private constructor(dir: string, files: Map<string, SafetensorsFile>, tensors: Map<string, CheckpointTensor>) {
    this.dir = dir;
    this.files = files;
    this.tensors = tensors;
  }

  /** Opens every shard of the checkpoint in `dir` and checks the index against the shards' headers. */
  static async open(dir: string): Promise<SafetensorsCheckpoint> {
    const index = await readIndex(dir);
    const shardNames = index ? new Set(index.values()) : [singleFileName];
    const files = new Map<string, SafetensorsFile>();
    try {
      for (const name of shardNames) files.set(name, await SafetensorsFile.open(join(dir, name)));
      const tensors = new Map<string, CheckpointTensor>();
      for (const [shard, file] of files) {
        for (const [name, info] of file.tensors) {
          const listed = index?.get(name);
          if (index && listed !== shard) {
            throw new InvalidInputError(`${join(dir, indexFileName)}: weight_map.${name}`, `"${shard}", the shard that holds it`, listed === undefined ? 'not listed' : `index says "${listed}"`);
          }
          if (tensors.has(name)) throw new InvalidInputError(`${file.path}: tensor ${name}`, 'a tensor stored in one shard only');
          tensors.set(name, { ...info, file: file.path });
        }
      }
      for (const [name, shard] of index ?? []) {
        if (!tensors.has(name)) {
          throw new InvalidInputError(`${join(dir, shard)}: tensor ${name}`, `a tensor present in the shard (listed in ${indexFileName})`);
        }
      }
      return new SafetensorsCheckpoint(dir, new Map([...files.values()].map((f) => [f.path, f])), tensors);
    } catch (error) {
      await Promise.all([...files.values()].map((f) => f.close()));
      throw error;
    }
  }

  /** Tensor `name` as float32, read from its shard now. */
  readFloat32(name: string): Promise<Float32Array> {
    return this.fileOf(name).readFloat32(name);
  }

  readBytes(name: string): Promise<Uint8Array> {
    return this.fileOf(name).readBytes(name);
  }

  /** The shard files, in the order they were opened. */
  get paths(): string[] {
    return [...this.files.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.close()));
  }

  private fileOf(name: string): SafetensorsFile {
    const tensor = this.tensors.get(name);
    if (!tensor) throw new InvalidInputError(`${this.dir}: tensor ${name}`, 'a tensor present in the checkpoint');
    return this.files.get(tensor.file)!;
  }
}

/** Tensor name → shard file name from the index, or undefined for a single-file checkpoint. */
async function readIndex(dir: string): Promise<Map<string, string> | undefined> {
  const indexPath = join(dir, indexFileName);
  if (existsSync(indexPath)) {
    let index: unknown;
    try {
      index = JSON.parse(await readFile(indexPath, 'utf8'));
    } catch (error) {
      throw new InvalidInputError(indexPath, 'a JSON file', (error as Error).message);
    }
    const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
    if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
      throw new InvalidInputError(`${indexPath}: weight_map`, 'an object mapping tensor names to shard files');
    }
    const shards = new Map<string, string>();
    for (const [name, shard] of Object.entries(weightMap)) {
      if (typeof shard !== 'string' || shard.includes('/') || shard.includes('\\') || shard.startsWith('.')) {
        throw new InvalidInputError(`${indexPath}: weight_map.${name}`, 'a shard file name in the same folder', `got ${JSON.stringify(shard)}`);
      }
      shards.set(name, shard);
    }
    return shards;
  }
  if (existsSync(join(dir, singleFileName))) return undefined;
  throw new InvalidInputError(dir, `a checkpoint folder with ${singleFileName} or ${indexFileName}`);
}
