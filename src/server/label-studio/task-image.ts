/**
 * The picture of a Label Studio task: a data: URI, an http(s) URL, or a path on the Label Studio
 * server (/data/upload/…) fetched from its address with its token; bounded in size and time.
 */
import { InvalidInputError } from '../../core/errors.js';
import { HttpError } from '../errors.js';

export interface LabelStudioAccess {
  /** Label Studio's own address, for task paths like /data/upload/1/x.png. */
  url?: string;
  /** A Label Studio access token, sent as `Authorization: Token …` to Label Studio's address only. */
  token?: string;
}

const FETCH_TIMEOUT_MS = 30_000;

export async function fetchTaskImage(value: unknown, field: string, access: LabelStudioAccess, maxBytes: number): Promise<Uint8Array> {
  if (typeof value !== 'string' || value === '') throw new InvalidInputError(field, 'the picture: a data: URI, an http(s) URL or a Label Studio path');
  if (value.startsWith('data:')) return dataUriBytes(value, field);
  let url: URL;
  if (/^https?:\/\//i.test(value)) {
    url = new URL(value);
  } else if (value.startsWith('/')) {
    if (access.url === undefined) throw new InvalidInputError(field, `a full URL; "${value}" is a Label Studio path, so start owseg serve with --label-studio-url <address>`);
    url = new URL(value, access.url);
  } else {
    throw new InvalidInputError(field, 'a data: URI, an http(s) URL or a Label Studio path starting with /', `got "${value.slice(0, 80)}"`);
  }
  const sameOrigin = access.url !== undefined && new URL(access.url).origin === url.origin;
  const headers: Record<string, string> = sameOrigin && access.token ? { Authorization: `Token ${access.token}` } : {};
  let response: Response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new InvalidInputError(field, 'a reachable picture URL', `fetching ${url.href} failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new InvalidInputError(field, 'a reachable picture URL', `${url.href} answered ${response.status}`);
  return readBounded(response, maxBytes, url.href);
}

function dataUriBytes(value: string, field: string): Uint8Array {
  const comma = value.indexOf(',');
  if (comma < 0 || !value.slice(0, comma).endsWith(';base64')) throw new InvalidInputError(field, 'a base64 data: URI (data:image/png;base64,…)');
  return Buffer.from(value.slice(comma + 1), 'base64');
}

async function readBounded(response: Response, maxBytes: number, href: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new HttpError(413, 'too_large', `${href} is over the ${maxBytes}-byte body limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
