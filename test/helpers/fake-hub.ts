/**
 * A Hugging Face Hub on 127.0.0.1 for tests and benchmarks: repos under their real ids and file
 * layouts, the model-info and tree APIs, resolve/<rev>/<path> with the LFS redirect to a separate
 * "CDN" origin, the Hub's headers and error codes, Range requests, and faults injected on demand.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file's bytes, in memory or on disk (for benchmark-sized files). */
export type FakeContent = Buffer | { path: string; bytes: number; sha256: string };

interface StoredFile {
  content: FakeContent;
  bytes: number;
  sha256: string;
  gitOid: string;
  lfs: boolean;
}

interface FakeRepo {
  commits: Map<string, Map<string, StoredFile>>;
  refs: Map<string, string>;
  /** Only this token may read it (a gated repo); undefined: public. */
  token?: string;
  gated: boolean;
}

/** One request the Hub or its CDN received. */
export interface LoggedRequest {
  server: 'hub' | 'cdn';
  method: string;
  path: string;
  range?: string;
  authorization?: string;
}

/** A fault for the next `times` requests whose path ends with `file` (on either server). */
export type Fault =
  | { kind: 'status'; file: string; status: number; times: number }
  /** Send `afterBytes` bytes of the body, then destroy the connection. */
  | { kind: 'drop'; file: string; afterBytes: number; times: number }
  /** Serve the body with one byte changed (the metadata keeps the true hash). */
  | { kind: 'corrupt'; file: string; times: number }
  /** Send `afterBytes` bytes of the body, then nothing more while the connection stays open. */
  | { kind: 'stall'; file: string; afterBytes: number; times: number }
  /** Answer a Range request with the whole file (200), as some proxies do. */
  | { kind: 'ignore-range'; file: string; times: number };

/** git's blob id of `bytes`. */
export function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

const LFS_EXTENSIONS = /\.(onnx|onnx_data|onnx_data_\d+|safetensors|bin|pt|png|jpg)$/;

export class FakeHub {
  readonly requests: LoggedRequest[] = [];
  /** Entries per tree page: small values exercise the Link pagination. */
  treePageSize = 1000;
  private readonly repos = new Map<string, FakeRepo>();
  private readonly faults: Fault[] = [];
  private hub?: Server;
  private cdn?: Server;
  private commitCounter = 0;
  url = '';
  private cdnUrl = '';
  /** Called once per request before it is answered (tests use it to move a branch mid-pull). */
  onRequest?: (request: LoggedRequest) => void;

  async start(): Promise<this> {
    this.hub = createServer((req, res) => void this.handleHub(req, res));
    this.cdn = createServer((req, res) => void this.handleCdn(req, res));
    this.url = await listen(this.hub);
    this.cdnUrl = await listen(this.cdn);
    return this;
  }

  async stop(): Promise<void> {
    for (const server of [this.hub, this.cdn]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /**
   * Adds a commit to `repo` (created if new) holding `files`, and points `branch` at it. Files over
   * a small size or with weight/graph extensions are stored as LFS, as on the Hub. Returns the commit.
   */
  commit(repo: string, files: Record<string, FakeContent>, options: { branch?: string; token?: string; gated?: boolean } = {}): string {
    const entry = this.repos.get(repo) ?? { commits: new Map(), refs: new Map(), gated: options.gated ?? false, ...(options.token ? { token: options.token } : {}) };
    this.repos.set(repo, entry);
    const stored = new Map<string, StoredFile>();
    for (const [path, content] of Object.entries(files)) stored.set(path, storedFile(path, content));
    const sha = createHash('sha1').update(`${repo}:${this.commitCounter++}`).digest('hex');
    entry.commits.set(sha, stored);
    entry.refs.set(options.branch ?? 'main', sha);
    return sha;
  }

  /** Points `branch` of `repo` at `commit`. */
  moveBranch(repo: string, branch: string, commit: string): void {
    this.repos.get(repo)!.refs.set(branch, commit);
  }

  fail(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests for paths ending with `file`, and CDN requests serving `file`. */
  requestsFor(file: string): LoggedRequest[] {
    return this.requests.filter((r) => {
      const url = new URL(r.path, 'http://hub');
      return decodeURIComponent(url.pathname).endsWith(file) || url.searchParams.get('file') === file;
    });
  }

  private log(server: 'hub' | 'cdn', req: IncomingMessage): LoggedRequest {
    const entry: LoggedRequest = { server, method: req.method ?? 'GET', path: req.url ?? '/' };
    if (req.headers.range) entry.range = req.headers.range;
    if (req.headers.authorization) entry.authorization = req.headers.authorization;
    this.requests.push(entry);
    this.onRequest?.(entry);
    return entry;
  }

  private takeFault(path: string, kinds: Fault['kind'][]): Fault | undefined {
    const fault = this.faults.find((f) => f.times > 0 && kinds.includes(f.kind) && decodeURIComponent(path.split('?')[0]!).endsWith(f.file));
    if (fault) fault.times--;
    return fault;
  }

  private async handleHub(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const logged = this.log('hub', req);
    const status = this.takeFault(logged.path, ['status']);
    if (status?.kind === 'status') return void res.writeHead(status.status, { 'content-type': 'text/plain' }).end('injected failure');
    const url = new URL(logged.path, this.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'api' && parts[1] === 'models') return this.api(req, res, parts.slice(2), url);
    const resolveAt = parts.indexOf('resolve');
    if (resolveAt === 2) return this.resolve(req, res, `${parts[0]}/${parts[1]}`, parts[3] ?? '', parts.slice(4).join('/'));
    error(res, 404, undefined, 'Not found');
  }

  /** /api/models/{org}/{name}/revision/{rev} and /api/models/{org}/{name}/tree/{rev}[/{path}] */
  private api(req: IncomingMessage, res: ServerResponse, parts: string[], url: URL): void {
    const repo = `${parts[0]}/${parts[1]}`;
    const found = this.access(req, res, repo);
    if (!found) return;
    const [kind, ...rest] = parts.slice(2);
    if (kind === 'revision') {
      const commit = this.commitOf(res, found, rest.join('/'));
      if (!commit) return;
      const files = found.commits.get(commit)!;
      return json(res, { _id: `id-${repo}`, id: repo, sha: commit, private: found.token !== undefined, gated: found.gated ? 'manual' : false, downloads: 0, likes: 0, lastModified: '2026-01-01T00:00:00.000Z', siblings: [...files.keys()].map((rfilename) => ({ rfilename })) });
    }
    if (kind === 'tree') {
      const commit = this.commitOf(res, found, rest[0] ?? '');
      if (!commit) return;
      const prefix = rest.slice(1).join('/');
      const entries = treeEntries(found.commits.get(commit)!, prefix, url.searchParams.get('recursive') === 'true');
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const page = entries.slice(cursor, cursor + this.treePageSize);
      const headers: Record<string, string> = {};
      if (cursor + this.treePageSize < entries.length) {
        const next = new URL(url);
        next.searchParams.set('cursor', String(cursor + this.treePageSize));
        headers.link = `<${next.toString()}>; rel="next"`;
      }
      return json(res, page, headers);
    }
    error(res, 404, undefined, 'Not found');
  }

  private resolve(req: IncomingMessage, res: ServerResponse, repo: string, revision: string, path: string): void {
    const found = this.access(req, res, repo);
    if (!found) return;
    const commit = this.commitOf(res, found, revision);
    if (!commit) return;
    const file = found.commits.get(commit)!.get(path);
    if (!file) return error(res, 404, 'EntryNotFound', `${path} does not exist on "${revision}"`, { 'x-repo-commit': commit });
    if (file.lfs) {
      res.writeHead(302, {
        location: `${this.cdnUrl}/lfs/${file.sha256}?file=${encodeURIComponent(path)}`,
        'x-repo-commit': commit,
        'x-linked-etag': `"${file.sha256}"`,
        'x-linked-size': String(file.bytes),
        etag: `"${file.gitOid}"`,
        'content-length': '0',
      });
      return void res.end();
    }
    this.sendBytes(req, res, file, path, { etag: `"${file.gitOid}"`, 'x-repo-commit': commit });
  }

  private handleCdn(req: IncomingMessage, res: ServerResponse): void {
    const logged = this.log('cdn', req);
    const url = new URL(logged.path, this.cdnUrl);
    const sha = url.pathname.split('/')[2];
    const path = url.searchParams.get('file') ?? '';
    for (const repo of this.repos.values()) {
      for (const files of repo.commits.values()) {
        for (const file of files.values()) if (file.sha256 === sha) return this.sendBytes(req, res, file, path, { etag: `"${sha}"` });
      }
    }
    error(res, 404, undefined, 'no such object');
  }

  /** The file's bytes with Range support and the injected faults for `path`. */
  private sendBytes(req: IncomingMessage, res: ServerResponse, file: StoredFile, path: string, headers: Record<string, string>): void {
    const fault = this.takeFault(`/${path}`, ['status', 'drop', 'stall', 'corrupt', 'ignore-range']);
    if (fault?.kind === 'status') return void res.writeHead(fault.status).end('injected failure');
    let start = 0;
    const range = fault?.kind === 'ignore-range' ? undefined : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= file.bytes && file.bytes > 0) return void res.writeHead(416, { 'content-range': `bytes */${file.bytes}` }).end();
      res.writeHead(206, { ...headers, 'accept-ranges': 'bytes', 'content-length': String(file.bytes - start), 'content-range': `bytes ${start}-${file.bytes - 1}/${file.bytes}` });
    } else {
      res.writeHead(200, { ...headers, 'accept-ranges': 'bytes', 'content-length': String(file.bytes) });
    }
    if (req.method === 'HEAD') return void res.end();
    const cut = fault?.kind === 'drop' || fault?.kind === 'stall';
    const end = cut ? Math.min(file.bytes, start + fault.afterBytes) : file.bytes;
    const finish = (): void => {
      if (fault?.kind === 'drop') res.socket?.destroy();
      else if (fault?.kind !== 'stall') res.end();
    };
    if (Buffer.isBuffer(file.content)) {
      let body = file.content.subarray(start, end);
      if (fault?.kind === 'corrupt' && body.byteLength > 0) {
        body = Buffer.from(body);
        body[body.byteLength - 1]! ^= 0xff;
      }
      res.write(body, () => finish());
      return;
    }
    if (end <= start) return finish();
    const stream = createReadStream(file.content.path, { start, end: end - 1, highWaterMark: 1 << 20 });
    stream.pipe(res, { end: false });
    stream.on('end', finish);
  }

  /** The repo when the request may read it; otherwise answers as the Hub does (401/403/404) and returns undefined. */
  private access(req: IncomingMessage, res: ServerResponse, repo: string): FakeRepo | undefined {
    const found = this.repos.get(repo);
    const auth = req.headers.authorization;
    if (!found || (found.token !== undefined && !found.gated && auth !== `Bearer ${found.token}`)) {
      error(res, auth ? 404 : 401, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    if (found.token !== undefined && auth !== `Bearer ${found.token}`) {
      error(res, auth ? 403 : 401, 'GatedRepo', `Access to model ${repo} is restricted. You must have access to it and be authenticated to access it.`);
      return undefined;
    }
    return found;
  }

  private commitOf(res: ServerResponse, repo: FakeRepo, revision: string): string | undefined {
    const commit = repo.commits.has(revision) ? revision : repo.refs.get(revision);
    if (!commit) error(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`);
    return commit;
  }
}

function storedFile(path: string, content: FakeContent): StoredFile {
  if (Buffer.isBuffer(content)) {
    const lfs = LFS_EXTENSIONS.test(path) || content.byteLength > 10 * 1024 * 1024;
    return { content, bytes: content.byteLength, sha256: createHash('sha256').update(content).digest('hex'), gitOid: lfsPointerOid(content, lfs), lfs };
  }
  const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${content.sha256}\nsize ${content.bytes}\n`);
  return { content, bytes: content.bytes, sha256: content.sha256, gitOid: gitBlobId(pointer), lfs: true };
}

/** An LFS file's git oid is its pointer file's; a plain file's is its own. */
function lfsPointerOid(content: Buffer, lfs: boolean): string {
  if (!lfs) return gitBlobId(content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return gitBlobId(Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${content.byteLength}\n`));
}

/** The tree API's entries: directories and files under `prefix`, recursively or one level. */
function treeEntries(files: Map<string, StoredFile>, prefix: string, recursive: boolean): object[] {
  const under = prefix ? `${prefix}/` : '';
  const directories = new Set<string>();
  const out: object[] = [];
  for (const [path, file] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.startsWith(under)) continue;
    const rest = path.slice(under.length).split('/');
    for (let depth = 1; depth < rest.length; depth++) {
      if (!recursive && depth > 1) break;
      const dir = under + rest.slice(0, depth).join('/');
      if (!directories.has(dir)) {
        directories.add(dir);
        out.push({ type: 'directory', oid: createHash('sha1').update(dir).digest('hex'), size: 0, path: dir });
      }
    }
    if (!recursive && rest.length > 1) continue;
    out.push({
      type: 'file',
      oid: file.gitOid,
      size: file.bytes,
      path,
      ...(file.lfs ? { lfs: { oid: file.sha256, size: file.bytes, pointerSize: 134 } } : {}),
    });
  }
  return out;
}

function json(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}

function error(res: ServerResponse, status: number, code: string | undefined, message: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify({ error: message });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(code ? { 'x-error-code': code } : {}), 'x-error-message': message, ...headers }).end(text);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}
