/**
 * `owseg serve` as a real subprocess: models load, it listens and says where, answers, and on
 * SIGTERM drains and exits 0; bad flags exit 2 and a model that cannot load exits 3.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeTinySamPack } from '../../src/models/sam/index.js';
import { isLoopback } from '../../src/server/index.js';
import { main, owseg } from '../helpers/cli.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-serve-cli-'));
  await writeTinySamPack(join(dir, 'sam'), { layout: 'transformers-sam', seed: 2 });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('owseg serve', () => {
  test('listens, answers, and exits 0 after draining on SIGTERM', async () => {
    const child = spawn(process.execPath, [main, 'serve', '--port', '0', '--sam', join(dir, 'sam'), '--points-per-side', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (found) resolve(found[1]!);
      });
      child.on('exit', () => reject(new Error(`owseg serve exited early: ${stderr}`)));
    });
    const health = await fetch(`${url}/v1/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const models = (await (await fetch(`${url}/v1/models`)).json()) as { sam: { pack: string } };
    assert.equal(models.sam.pack, join(dir, 'sam'));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, /SIGTERM: finishing running work, then exiting/);
    assert.match(stdout, /owseg serve: stopped/);
  });

  test('a bad flag exits 2; a folder that is no SAM exits 3 naming it', async () => {
    const badPort = await owseg('serve', '--port', 'eighty');
    assert.equal(badPort.status, 2);
    const noModel = await owseg('serve', '--port', '0', '--sam', dir);
    assert.equal(noModel.status, 3);
    assert.match(noModel.stderr, new RegExp(`${dir}.*SAM`));
  });

  test('only loopback addresses count as private', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) assert.equal(isLoopback(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.4', 'example.org']) assert.equal(isLoopback(host), false, host);
  });
});
