/**
 * The journal of a batch run (`journal.jsonl` in its output folder): the settings on the first
 * line, then one line per finished picture, appended and flushed as each finishes, so a run that
 * stops for any reason continues where it stopped and never does a picture twice.
 */
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../core/errors.js';

export const JOURNAL_FILE = 'journal.jsonl';
const JOURNAL_FORMAT = 'owseg.batch-journal';

export interface JournalEntry {
  key: string;
  status: 'done' | 'failed';
  /** Why a picture failed. */
  reason?: string;
  /** Who processed it (host:pid) and, in queue runs, BullMQ's attempt and stall counts. */
  worker?: string;
  attempts?: number;
  stalls?: number;
}

export class Journal {
  private constructor(
    private readonly handle: FileHandle,
    readonly entries: Map<string, JournalEntry>,
  ) {}

  /**
   * Opens the folder's journal, or starts one. A journal written with other settings is refused,
   * naming what differs: its results would not match the ones this run adds.
   */
  static async open(outDir: string, settings: Record<string, unknown>): Promise<Journal> {
    const path = join(outDir, JOURNAL_FILE);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
    // A line cut short by a crash is the only damage an append can leave: it is dropped.
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    if (complete.length < text.length) await truncate(path, Buffer.byteLength(complete));
    const lines = complete.split('\n').filter((line) => line !== '');
    const entries = new Map<string, JournalEntry>();
    if (lines.length > 0) {
      const header = JSON.parse(lines[0]!) as { format?: string; settings?: Record<string, unknown> };
      if (header.format !== JOURNAL_FORMAT) throw new InvalidInputError(path, `an owseg batch journal (first line with "format": "${JOURNAL_FORMAT}")`);
      refuseChangedSettings(path, header.settings ?? {}, settings);
      for (const line of lines.slice(1)) {
        const entry = JSON.parse(line) as JournalEntry;
        entries.set(entry.key, entry);
      }
    }
    const handle = await open(path, 'a');
    if (lines.length === 0) await append(handle, { format: JOURNAL_FORMAT, settings });
    return new Journal(handle, entries);
  }

  async record(entry: JournalEntry): Promise<void> {
    await append(this.handle, entry);
    this.entries.set(entry.key, entry);
  }

  /** Forgets the failed pictures so this run tries them again (the journal keeps their old lines; the newest line of a key wins). */
  retryFailed(): void {
    for (const [key, entry] of this.entries) if (entry.status === 'failed') this.entries.delete(key);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function append(handle: FileHandle, value: unknown): Promise<void> {
  await handle.appendFile(`${JSON.stringify(value)}\n`);
  await handle.datasync();
}

function refuseChangedSettings(path: string, recorded: Record<string, unknown>, asked: Record<string, unknown>): void {
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(asked)])];
  const changed = keys.filter((key) => JSON.stringify(recorded[key] ?? null) !== JSON.stringify(asked[key] ?? null));
  if (changed.length === 0) return;
  const detail = changed.map((key) => `${key}: ${JSON.stringify(recorded[key] ?? null)} there, ${JSON.stringify(asked[key] ?? null)} now`).join('; ');
  throw new InvalidInputError(
    `${path}: settings`,
    'the task options of the half-done run in this folder (rerun with them to continue it, or choose another -o folder)',
    detail,
  );
}
