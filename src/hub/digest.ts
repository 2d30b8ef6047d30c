/**
 * The two hashes the Hub publishes for a file: sha256 of the bytes for LFS files (`lfs.oid`,
 * `X-Linked-Etag`) and git's blob id (sha1 of "blob <size>\0" + bytes) for the rest (`oid`, `ETag`).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type DigestKind = 'sha256' | 'git-sha1';

export function startDigest(kind: DigestKind, size: number): Hash {
  if (kind === 'sha256') return createHash('sha256');
  return createHash('sha1').update(`blob ${size}\0`);
}

/** Feeds the first `bytes` bytes of `path` into `hash`. */
export async function digestFilePrefix(hash: Hash, path: string, bytes: number): Promise<void> {
  if (bytes === 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1, highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
}

/** The Hub's ETag values come quoted and sometimes weak (W/"…"); this is the bare hash. */
export function normalizeEtag(etag: string | null): string | undefined {
  if (!etag) return undefined;
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '').trim() || undefined;
}
