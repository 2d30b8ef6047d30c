/**
 * Shared by the Hub tests: a fake Hub holding the registered repos as tiny random models, and fresh
 * cache folders per test, so every case starts from an empty cache unless it fills one itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { after, afterEach, before, beforeEach } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubSettings } from '../../src/hub/index.js';
import { FakeHub } from '../helpers/fake-hub.js';
import { embedderRepo, internvlRepo, samRepo, type FileMap } from '../helpers/hub-repos.js';

export interface HubFixture {
  hub: FakeHub;
  /** Repo id → the files of its main commit. */
  files: Map<string, FileMap>;
  commits: Map<string, string>;
}

/** Starts a fake Hub with WOW-Seg, slimsam, sam2.1-tiny and MiniLM under their real ids. */
export async function startFixtureHub(): Promise<HubFixture> {
  const hub = await new FakeHub().start();
  const files = new Map<string, FileMap>([
    ['AAwcAA/WOW-Seg', await internvlRepo(11, { extras: true })],
    ['Xenova/slimsam-77-uniform', await samRepo('transformers-sam', 21)],
    ['onnx-community/sam2.1-hiera-tiny-ONNX', await samRepo('transformers-sam2', 31)],
    ['Xenova/all-MiniLM-L6-v2', await embedderRepo(41)],
  ]);
  const commits = new Map<string, string>();
  for (const [repo, map] of files) commits.set(repo, hub.commit(repo, map));
  return { hub, files, commits };
}

export interface TestCaches {
  root: string;
  settings: Partial<HubSettings>;
  /** Environment for CLI subprocesses pointing at the same caches and Hub. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** Empty Hub and owseg caches in a temporary folder, with fast retries for tests. */
export async function testCaches(endpoint: string): Promise<TestCaches> {
  const root = await mkdtemp(join(tmpdir(), 'owseg-hub-'));
  const settings: Partial<HubSettings> = {
    endpoint,
    cacheDir: join(root, 'hf', 'hub'),
    owsegCacheDir: join(root, 'owseg'),
    offline: false,
    retries: 3,
    retryDelayMs: 5,
    stallTimeoutMs: 2000,
  };
  const env = {
    HF_ENDPOINT: endpoint,
    HF_HOME: join(root, 'hf'),
    OWSEG_CACHE: join(root, 'owseg'),
    OWSEG_HUB_RETRIES: '3',
    OWSEG_HUB_RETRY_DELAY_MS: '5',
  };
  return { root, settings, env, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Registers the hooks most Hub tests share: one fake Hub for the file, and per test fresh caches,
 * an empty request log, no faults and no request hook. Read `.fixture` and `.caches` inside tests.
 */
export function useFixtureHub(): { fixture: HubFixture; caches: TestCaches } {
  const state = {} as { fixture: HubFixture; caches: TestCaches };
  before(async () => {
    state.fixture = await startFixtureHub();
  });
  after(async () => {
    await state.fixture.hub.stop();
  });
  beforeEach(async () => {
    state.caches = await testCaches(state.fixture.hub.url);
    state.fixture.hub.requests.length = 0;
    state.fixture.hub.onRequest = undefined;
    state.fixture.hub.clearFaults();
  });
  afterEach(async () => {
    await state.caches.remove();
  });
  return state;
}
