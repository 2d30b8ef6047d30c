/**
 * Downloads one file of one commit into the cache: resumed from a partial download with an HTTP
 * Range request, retried on resets and stalls, checked against the Hub's size and hash, and renamed
 * into blobs/ only when complete and verified, so a crash or Ctrl-C never leaves a half file to load.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HubError } from './errors.js';
import { digestFilePrefix, normalizeEtag, startDigest, type DigestKind } from './digest.js';
import { delay, hubFetch, networkErrorCode, retryDelay, type RequestContext } from './http.js';
import { withLock } from './lock.js';
import type { RepoCache } from './cache-layout.js';
import type { HubSettings } from './settings.js';

/** A file of a commit as the tree API describes it. */
export interface RemoteFile {
  /** '/'-separated path in the repo. */
  path: string;
  bytes: number;
  /** The blob's name in the cache: the LFS sha256, else the git blob id (huggingface_hub's etag). */
  etag: string;
  /** How `etag` is checked: sha256 of the bytes (LFS) or git's blob sha1. */
  digest: DigestKind;
}

export interface DownloadHooks {
  /** Bytes added to (or, when a server ignores a Range and the file restarts, taken from) the download. */
  onBytes?: (delta: number) => void;
  /** Another owseg process holds this file's lock; this one waits for it. */
  onWait?: (file: RemoteFile) => void;
}

const MAX_REDIRECTS = 5;
/** Bytes buffered between the network and the disk: large writes, overlapped with receiving. */
const WRITE_BUFFER = 1 << 20;

/**
 * Makes blobs/<etag> hold `file` of `commit` and links snapshots/<commit>/<path> to it. Returns the
 * bytes fetched over the network (0 when the blob was already there).
 */
export async function downloadFile(settings: HubSettings, cache: RepoCache, commit: string, file: RemoteFile, hooks: DownloadHooks = {}): Promise<number> {
  const fetched = await withLock(cache.lockPath(file.etag), () => fillBlob(settings, cache, commit, file, hooks), () => hooks.onWait?.(file));
  await cache.linkSnapshotFile(commit, file.path, file.etag);
  return fetched;
}

async function fillBlob(settings: HubSettings, cache: RepoCache, commit: string, file: RemoteFile, hooks: DownloadHooks): Promise<number> {
  const blob = cache.blobPath(file.etag);
  const existing = await stat(blob).catch(() => undefined);
  if (existing?.isFile() && existing.size === file.bytes) {
    hooks.onBytes?.(file.bytes);
    return 0;
  }
  if (existing) await rm(blob, { force: true });

  const incomplete = `${blob}.incomplete`;
  await mkdir(dirname(blob), { recursive: true });
  await (await open(incomplete, 'a')).close();
  let have = (await stat(incomplete)).size;
  if (have > file.bytes) {
    await truncate(incomplete, 0);
    have = 0;
  }
  let hash = startDigest(file.digest, file.bytes);
  await digestFilePrefix(hash, incomplete, have);
  hooks.onBytes?.(have);
  const context: RequestContext = { repo: cache.repo, revision: commit, file: file.path };
  const where = `${cache.repo}@${commit.slice(0, 12)}: ${file.path}`;
  let fetched = 0;
  let attempt = 1;

  const restart = async (): Promise<void> => {
    await truncate(incomplete, 0);
    hooks.onBytes?.(-have);
    have = 0;
    hash = startDigest(file.digest, file.bytes);
  };

  while (true) {
    const before = have;
    try {
      const response = await openDownload(settings, cache.repo, commit, file, have, context);
      if (response.status === 416) {
        // Nothing left to send from `have`: either the file is whole, or the partial file is not this file.
        if (have === file.bytes) break;
        await restart();
        throw Object.assign(new Error('range not satisfiable'), { code: 'ERANGE' });
      }
      if (response.status === 200 && have > 0) await restart();
      const written = await appendBody(response, incomplete, have, file, settings.stallTimeoutMs, (chunk) => {
        hash.update(chunk);
        hooks.onBytes?.(chunk.byteLength);
      });
      have += written;
      fetched += written;
      if (have === file.bytes) break;
      throw Object.assign(new Error('connection closed early'), { code: 'ECONNRESET' });
    } catch (error) {
      if (error instanceof DiskError) throw error;
      if (error instanceof HubError) {
        if (error.reason === 'integrity') await rm(incomplete, { force: true });
        throw error;
      }
      // What reached the disk before the failure is kept; hash it again rather than trust the stream's state.
      have = (await stat(incomplete)).size;
      hash = startDigest(file.digest, file.bytes);
      await digestFilePrefix(hash, incomplete, have);
      if (have > before) attempt = 1;
      else if (++attempt > settings.retries + 1) {
        throw new HubError('unreachable', `downloading ${where} failed ${settings.retries + 1} times (${networkErrorCode(error)}); ${have} of ${file.bytes} bytes are kept and the next pull resumes from there`);
      }
      await delay(retryDelay(settings, attempt));
    }
  }

  const actual = hash.digest('hex');
  if (actual !== file.etag) {
    await rm(incomplete, { force: true });
    const kind = file.digest === 'sha256' ? 'sha256' : 'git blob id';
    throw new HubError('integrity', `${where}: ${kind} is ${actual}, the Hub lists ${file.etag}; the download was damaged or tampered with and nothing was kept`);
  }
  await rename(incomplete, blob);
  return fetched;
}

/**
 * GET resolve/<commit>/<path> following the Hub's redirects (to its CDN for LFS files); the first
 * answer's X-Repo-Commit and X-Linked-Etag must agree with what the tree API said.
 */
async function openDownload(settings: HubSettings, repo: string, commit: string, file: RemoteFile, from: number, context: RequestContext): Promise<Response> {
  let url = `${settings.endpoint}/${repo}/resolve/${commit}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...(from > 0 ? { range: `bytes=${from}-` } : {}) };
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await hubFetch(settings, url, context, { redirect: 'manual', headers });
    } catch (error) {
      if (error instanceof HubError && error.status === 416) return new Response(null, { status: 416 });
      throw error;
    }
    if (hop === 0) checkResolveHeaders(response, commit, file, context);
    if (response.status < 300 || response.status >= 400) return response;
    const location = response.headers.get('location');
    await response.body?.cancel();
    if (!location) throw new HubError('protocol', `${settings.endpoint} redirected ${repo}: ${file.path} without a Location`);
    url = new URL(location, url).toString();
  }
  throw new HubError('protocol', `${settings.endpoint} redirected ${repo}: ${file.path} more than ${MAX_REDIRECTS} times`);
}

function checkResolveHeaders(response: Response, commit: string, file: RemoteFile, context: RequestContext): void {
  const servedCommit = response.headers.get('x-repo-commit');
  if (servedCommit && servedCommit !== commit) {
    throw new HubError('integrity', `${context.repo}: ${file.path}: asked for commit ${commit}, the Hub served ${servedCommit}`);
  }
  const linked = normalizeEtag(response.headers.get('x-linked-etag'));
  if (file.digest === 'sha256' && linked && linked !== file.etag) {
    throw new HubError('integrity', `${context.repo}@${commit.slice(0, 12)}: ${file.path}: the tree lists sha256 ${file.etag}, X-Linked-Etag says ${linked}`);
  }
  const linkedSize = response.headers.get('x-linked-size');
  if (linkedSize !== null && Number(linkedSize) !== file.bytes) {
    throw new HubError('integrity', `${context.repo}@${commit.slice(0, 12)}: ${file.path}: the tree lists ${file.bytes} bytes, X-Linked-Size says ${linkedSize}`);
  }
}

/**
 * Appends the response body to `path` at offset `from`, cutting the connection when no byte arrives
 * for `stallMs`. Writing overlaps receiving (a write stream with backpressure); whatever arrived is
 * flushed to disk before this returns or rejects, so the file's size is what a resume starts from.
 */
async function appendBody(response: Response, path: string, from: number, file: RemoteFile, stallMs: number, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  if (response.status === 206) {
    const start = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1];
    if (Number(start) !== from) throw new HubError('protocol', `${file.path}: asked for bytes from ${from}, got Content-Range ${response.headers.get('content-range') ?? '(none)'}`);
  }
  const body = response.body;
  if (!body) return 0;
  const out = createWriteStream(path, { flags: from === 0 ? 'w' : 'a', highWaterMark: WRITE_BUFFER });
  let diskError: Error | undefined;
  out.on('error', (error) => {
    diskError = new DiskError(`writing ${path}: ${error.message}`);
  });
  const reader = body.getReader();
  // A cancelled read ends the stream as if complete; the caller sees the short count and resumes.
  let lastByte = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastByte > stallMs) void reader.cancel(Object.assign(new Error('stalled'), { code: 'ETIMEDOUT' }));
  }, Math.max(10, Math.min(1000, stallMs / 4)));
  let written = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      lastByte = Date.now();
      if (from + written + value.byteLength > file.bytes) {
        throw new HubError('integrity', `${file.path}: the Hub sent more than the ${file.bytes} bytes it lists; nothing was kept`);
      }
      written += value.byteLength;
      onChunk(value);
      if (!out.write(value)) await once(out, 'drain').catch(() => undefined);
      if (diskError) throw diskError;
    }
  } finally {
    clearInterval(watchdog);
    if (!out.destroyed) out.end();
    if (!out.closed) await once(out, 'close');
  }
  // A failed flush at the end surfaces only once the stream has closed.
  if (diskError) throw diskError;
  return written;
}

/** The local disk failed (full, read-only …): retrying the download cannot help. */
class DiskError extends Error {}
