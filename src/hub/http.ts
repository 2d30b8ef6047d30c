/**
 * Requests to the Hub: the token sent to the Hub's own origin only, connection errors, 429 and 5xx
 * retried with doubling delays, and every error answer turned into a HubError that says what to do.
 */
import { owsegVersion } from '../core/version.js';
import { HubError } from './errors.js';
import type { HubSettings } from './settings.js';

/** What a request was for, so an error can name the repo, revision and file. */
export interface RequestContext {
  repo: string;
  revision?: string;
  file?: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
/** Errors that retrying cannot cure: the name does not resolve, or the URL is malformed. */
const PERMANENT_NETWORK = new Set(['ENOTFOUND', 'ERR_INVALID_URL']);

let userAgent: string | undefined;

/** Headers for `url`: owseg's user agent, and the token only when the URL is on the endpoint's origin. */
export function hubHeaders(settings: HubSettings, url: string, extra: Record<string, string> = {}): Record<string, string> {
  userAgent ??= `owseg/${owsegVersion()}; node/${process.versions.node}`;
  const headers: Record<string, string> = { 'user-agent': userAgent, ...extra };
  if (settings.token && new URL(url).origin === new URL(settings.endpoint).origin) headers.authorization = `Bearer ${settings.token}`;
  return headers;
}

/**
 * fetch with retries. Resolves only with a response below 400 (3xx when `redirect: 'manual'`);
 * an error status becomes a HubError. Never called when offline.
 */
export async function hubFetch(settings: HubSettings, url: string, context: RequestContext, init: RequestInit = {}): Promise<Response> {
  if (settings.offline) throw new HubError('offline', `owseg is offline (HF_HUB_OFFLINE=1 or --offline) and needs ${url}`);
  const headers = hubHeaders(settings, url, Object.fromEntries(new Headers(init.headers).entries()));
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers });
    } catch (error) {
      const code = networkErrorCode(error);
      if (attempt > settings.retries || PERMANENT_NETWORK.has(code)) {
        throw new HubError('unreachable', `cannot reach ${new URL(url).origin} (${code}) for ${describe(context)}; with no network, set HF_HUB_OFFLINE=1 to use the cache`);
      }
      await delay(retryDelay(settings, attempt));
      continue;
    }
    if (response.status < 400) return response;
    if (RETRY_STATUS.has(response.status) && attempt <= settings.retries) {
      await response.body?.cancel();
      await delay(retryDelay(settings, attempt, response.headers.get('retry-after')));
      continue;
    }
    throw await errorFromResponse(settings, response, context);
  }
}

/** The HubError for an error answer, from huggingface_hub's X-Error-Code header and the body's message. */
export async function errorFromResponse(settings: HubSettings, response: Response, context: RequestContext): Promise<HubError> {
  const code = response.headers.get('x-error-code') ?? '';
  const serverMessage = response.headers.get('x-error-message') ?? (await bodyMessage(response));
  const status = response.status;
  const at = context.revision ? `${context.repo}@${context.revision}` : context.repo;
  const page = `${settings.endpoint}/${context.repo}`;
  if (code === 'GatedRepo') {
    return new HubError('access', `${context.repo} is gated: accept its conditions at ${page} and set HF_TOKEN to a token of that account`, status);
  }
  if (code === 'RepoNotFound' || (status === 401 && !settings.token)) {
    const hint = settings.token ? '' : '; if it is private or gated, set HF_TOKEN';
    return new HubError('not-found', `the Hub (${settings.endpoint}) has no repo ${context.repo}${hint}`, status);
  }
  if (code === 'RevisionNotFound') return new HubError('not-found', `${context.repo} has no revision ${context.revision ?? ''} (a branch, tag or commit)`, status);
  if (code === 'EntryNotFound' || (status === 404 && context.file)) {
    return new HubError('not-found', `${at} has no file ${context.file ?? '(unnamed)'}`, status);
  }
  if (status === 401) return new HubError('access', `the Hub refused HF_TOKEN for ${context.repo} (invalid or expired token)`, status);
  if (status === 403) return new HubError('access', `HF_TOKEN has no access to ${context.repo}${serverMessage ? `: ${serverMessage}` : ''}`, status);
  if (status === 404) return new HubError('not-found', `the Hub (${settings.endpoint}) has no repo ${context.repo}`, status);
  if (status >= 500 || status === 429) {
    return new HubError('unreachable', `${settings.endpoint} kept answering ${status} for ${describe(context)} after ${settings.retries} retries`, status);
  }
  return new HubError('protocol', `${settings.endpoint} answered ${status} for ${describe(context)}${serverMessage ? `: ${serverMessage}` : ''}`, status);
}

export function describe(context: RequestContext): string {
  const at = context.revision ? `${context.repo}@${context.revision}` : context.repo;
  return context.file ? `${at}: ${context.file}` : at;
}

/** The Node error code behind a failed fetch (`ECONNRESET`, `ENOTFOUND` …), or the error's name. */
export function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Doubling delays from `retryDelayMs`, or the server's Retry-After when it asks for at most a minute. */
export function retryDelay(settings: HubSettings, attempt: number, retryAfter?: string | null): number {
  const seconds = Number(retryAfter);
  if (retryAfter && Number.isFinite(seconds) && seconds >= 0 && seconds <= 60) return seconds * 1000;
  return Math.min(settings.retryDelayMs * 2 ** (attempt - 1), 30_000);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function bodyMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const json = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = json.error ?? json.message;
    return typeof message === 'string' ? message : '';
  } catch {
    return text.slice(0, 200).trim();
  }
}
