/**
 * Where the Hub is and how owseg talks to it, read from the same environment variables as Python's
 * huggingface_hub (HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE) plus owseg's own cache.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HubSettings {
  /** Base URL of the Hub, without a trailing slash. */
  endpoint: string;
  /** Sent as a bearer token to the endpoint's own origin only. */
  token?: string;
  /** huggingface_hub's cache folder (models--org--name/…), shared with Python. */
  cacheDir: string;
  /** owseg's own cache: packs converted from Hub checkpoints. */
  owsegCacheDir: string;
  /** Never touch the network: use the cache or fail naming what is missing. */
  offline: boolean;
  /** Attempts per request before giving up on connection errors, 429 and 5xx. */
  retries: number;
  /** First retry delay in ms; doubles on every further attempt. */
  retryDelayMs: number;
  /** A download with no byte for this long is cut and resumed. */
  stallTimeoutMs: number;
}

const TRUTHY = new Set(['1', 'on', 'yes', 'true']);

/** huggingface_hub's reading of boolean variables: 1, ON, YES, TRUE in any case. */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

/**
 * The settings from `env` (default process.env), with `overrides` taking precedence. The cache
 * folder follows huggingface_hub: HF_HUB_CACHE, else HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub.
 */
export function hubSettings(overrides: Partial<HubSettings> = {}, env: NodeJS.ProcessEnv = process.env): HubSettings {
  const hfHome = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
  const fromEnv: HubSettings = {
    endpoint: (env.HF_ENDPOINT?.trim() || 'https://huggingface.co').replace(/\/+$/, ''),
    cacheDir: env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(hfHome, 'hub'),
    owsegCacheDir: env.OWSEG_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'owseg'),
    offline: envFlag(env.HF_HUB_OFFLINE) || envFlag(env.TRANSFORMERS_OFFLINE),
    retries: positiveInteger(env.OWSEG_HUB_RETRIES, 5),
    retryDelayMs: positiveInteger(env.OWSEG_HUB_RETRY_DELAY_MS, 500),
    stallTimeoutMs: positiveInteger(env.HF_HUB_DOWNLOAD_TIMEOUT, 30) * 1000,
  };
  const token = env.HF_TOKEN?.trim() || env.HUGGING_FACE_HUB_TOKEN?.trim() || readTokenFile(env.HF_TOKEN_PATH ?? join(hfHome, 'token'));
  if (token) fromEnv.token = token;
  return { ...fromEnv, ...overrides };
}

/** The token `huggingface-cli login` saved, if any. */
function readTokenFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function positiveInteger(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number >= 0 ? number : fallback;
}
