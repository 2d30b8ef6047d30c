/**
 * Tiny model packs for server tests, built once per test file through the real writers and the
 * converter, and a little HTTP client for the server's JSON and multipart routes.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack } from '../../src/models/sam/index.js';
import { writeTinyBert } from '../../src/models/text/index.js';

export interface TinyModels {
  dir: string;
  sam: string;
  model: string;
  embedder: string;
}

export async function tinyServeModels(prefix: string): Promise<TinyModels> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: 7, sizes: { imageSize: 56, patchSize: 7 } });
  await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'internvl'));
  await writeTinySamPack(join(dir, 'sam'), { layout: 'transformers-sam', seed: 7 });
  await writeTinyBert(join(dir, 'bert'), { seed: 7 });
  return { dir, sam: join(dir, 'sam'), model: join(dir, 'internvl'), embedder: join(dir, 'bert') };
}

/** A multipart body with the picture as `image` and text fields. */
export function multipart(picture: Uint8Array, fields: Record<string, string> = {}, type = 'image/png'): FormData {
  const form = new FormData();
  form.set('image', new Blob([picture], { type }), 'picture');
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

export interface JsonAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function postJson<T = Record<string, unknown>>(url: string, init: RequestInit): Promise<JsonAnswer<T>> {
  const response = await fetch(url, { method: 'POST', ...init });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

/** POSTs `picture` as the whole body. */
export function postPicture<T = Record<string, unknown>>(url: string, picture: Uint8Array, type = 'image/png', headers: Record<string, string> = {}): Promise<JsonAnswer<T>> {
  return postJson<T>(url, { body: picture, headers: { 'content-type': type, ...headers } });
}
