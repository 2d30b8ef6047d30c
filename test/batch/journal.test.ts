/**
 * The batch journal and run lock in-process: entries survive reopening, a line cut short by a
 * crash is dropped, other settings are refused naming the difference, the newest line of a key
 * wins after --retry-failed, and a lock left by a dead process is taken over.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvalidInputError } from '../../src/core/errors.js';
import { Journal } from '../../src/batch/journal.js';
import { lockRun } from '../../src/batch/run-lock.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-journal-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('batch journal', () => {
  test('reopened with its entries; a torn last line is dropped and the file stays appendable', async () => {
    const settings = { task: 'everything', everything: { pointsPerSide: 4 } };
    const journal = await Journal.open(dir, settings);
    await journal.record({ key: 'a.png', status: 'done' });
    await journal.record({ key: 'b.png', status: 'failed', reason: 'unreadable' });
    await journal.close();
    await appendFile(join(dir, 'journal.jsonl'), '{"key":"c.png","sta');
    const reopened = await Journal.open(dir, settings);
    assert.deepEqual([...reopened.entries.keys()], ['a.png', 'b.png']);
    reopened.retryFailed();
    await reopened.record({ key: 'b.png', status: 'done' });
    await reopened.close();
    const text = await readFile(join(dir, 'journal.jsonl'), 'utf8');
    assert.ok(text.endsWith('{"key":"b.png","status":"done"}\n'), text);
    const last = await Journal.open(dir, settings);
    assert.equal(last.entries.get('b.png')?.status, 'done');
    await last.close();
  });

  test('other settings are refused, naming what differs', async () => {
    await assert.rejects(Journal.open(dir, { task: 'everything', everything: { pointsPerSide: 8 } }), (error: unknown) => {
      assert.ok(error instanceof InvalidInputError);
      assert.match(error.message, /everything: \{"pointsPerSide":4\} there, \{"pointsPerSide":8\} now/);
      return true;
    });
  });

  test('a run lock held by a live process is refused; one left by a dead process is taken over', async () => {
    const lock = await lockRun(dir);
    await assert.rejects(lockRun(dir), /no other owseg batch is writing/);
    await lock.release();
    await writeFile(join(dir, 'run.lock'), JSON.stringify({ host: hostname(), pid: 2 ** 22 + 1 }));
    const taken = await lockRun(dir);
    await taken.release();
  });
});
