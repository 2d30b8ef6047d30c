/**
 * Reading JSON files with errors a user can act on, and writing them atomically (temporary file,
 * fsync, rename) so a reader never sees a half-written file and a failed write leaves none.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError } from '../errors.js';

/** Parses the JSON file at `path`; a missing file or bad JSON is an InvalidInputError naming the path. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InvalidInputError(path, 'an existing file', 'no such file');
    if (code === 'EISDIR') throw new InvalidInputError(path, 'a file', 'it is a directory');
    throw error;
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new InvalidInputError(path, 'valid JSON', (error as Error).message);
  }
}

/** Replaces `path` with `content` in one step: the old file (if any) stays intact until the new one is complete. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
