/**
 * The app's calls to `owseg serve` (docs/serve.md), each returning checked data or throwing an
 * ApiError whose message is the server's own `{ error: { code, message } }`.
 */
import { parseOwsegResult, type OwsegResult } from '../../../src/core/formats/owseg-result.js';
import type { Rle } from '../../../src/core/rle/types.js';
import { parseEmbedding, type ReceivedEmbedding } from '../../../src/server/embedding-wire.js';

export interface LoadedModel {
  name: string;
  family?: string;
  pack?: string;
  layout?: string;
  maskSize?: number;
}

export interface ModelsInfo {
  sam: LoadedModel | null;
  naming: LoadedModel | null;
  embedder: LoadedModel | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export async function getModels(): Promise<ModelsInfo> {
  const info = (await (await call('v1/models', {}, 'GET /v1/models')).json()) as Partial<ModelsInfo>;
  return { sam: info.sam ?? null, naming: info.naming ?? null, embedder: info.embedder ?? null };
}

export async function getDecoder(): Promise<Uint8Array> {
  return new Uint8Array(await (await call('v1/sam/decoder.onnx', {}, 'GET /v1/sam/decoder.onnx')).arrayBuffer());
}

export async function embedImage(image: Blob): Promise<ReceivedEmbedding> {
  return parseEmbedding(await (await call('v1/embed', imageBody(image), 'POST /v1/embed')).arrayBuffer());
}

/** `options`: the mask generator's options as /v1/segment takes them (`pointsPerSide`, `predIouThresh`, …). */
export async function segmentEverything(image: Blob, name: boolean, options: URLSearchParams): Promise<OwsegResult> {
  const query = new URLSearchParams(options);
  if (name) query.set('name', 'true');
  const search = query.size > 0 ? `?${query}` : '';
  return result(await call(`v1/segment${search}`, imageBody(image), 'POST /v1/segment'), 'POST /v1/segment');
}

export async function nameMasks(image: Blob, masks: readonly Rle[]): Promise<OwsegResult> {
  return result(await call('v1/name', form(image, { masks: JSON.stringify(masks) }), 'POST /v1/name'), 'POST /v1/name');
}

export async function referTo(image: Blob, text: string, masks: readonly Rle[]): Promise<OwsegResult> {
  return result(await call('v1/refer', form(image, { text, masks: JSON.stringify(masks) }), 'POST /v1/refer'), 'POST /v1/refer');
}

export async function ground(image: Blob, text: string): Promise<OwsegResult> {
  return result(await call('v1/ground', form(image, { text }), 'POST /v1/ground'), 'POST /v1/ground');
}

function imageBody(image: Blob): RequestInit {
  return { method: 'POST', body: image, headers: { 'Content-Type': image.type || 'application/octet-stream' } };
}

function form(image: Blob, fields: Record<string, string>): RequestInit {
  const body = new FormData();
  body.append('image', image);
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return { method: 'POST', body };
}

async function result(response: Response, route: string): Promise<OwsegResult> {
  return parseOwsegResult(await response.json(), { source: `the answer of ${route}` });
}

/**
 * The server's --api-key as the user typed it, kept for this tab only: the app's own files are
 * served without a key, its API calls need one.
 */
const KEY_STORAGE = 'owseg-api-key';

export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
}

/** Paths are relative to the page, so the app also works behind a proxy that mounts it under a prefix. */
async function call(path: string, init: RequestInit, route: string): Promise<Response> {
  let response: Response;
  const key = sessionStorage.getItem(KEY_STORAGE);
  const headers = new Headers(init.headers);
  if (key) headers.set('Authorization', `Bearer ${key}`);
  try {
    response = await fetch(new URL(path, document.baseURI), { ...init, headers });
  } catch (error) {
    throw new ApiError(0, 'unreachable', `${route}: the server did not answer (${(error as Error).message}). Is owseg serve still running?`);
  }
  if (response.ok) return response;
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    throw new ApiError(response.status, error.code, `${route}: ${error.message} (${error.code})`);
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(response.status, 'http_error', `${route}: HTTP ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
}
