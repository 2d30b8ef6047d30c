/**
 * Driving the web app in a Playwright page: an in-process server on tiny packs with the app open
 * on a picture, clicks on image pixels, waits that fail fast with the app's own error, downloads.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { convertInternVLCheckpoint, writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack, type SamLayout } from '../../src/models/sam/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { launchChromium, type Browser } from './browser.js';

export const SCENE = 'examples/scene.png';

/** Generator options that let tiny random packs keep masks (their IoU and stability are meaningless). */
export const TINY_GENERATOR_QUERY = '?pointsPerSide=4&predIouThresh=0&stabilityScoreThresh=0';

/** Options that keep a tiny random naming model quick: two-token names, at most two tiles. */
export const TINY_NAMING_QUERY = '&maxNewTokens=2&maxTiles=2';

export interface AppSessionOptions {
  layout: SamLayout;
  seed: number;
  /** Also load a tiny InternVL pack as the naming model. */
  naming?: boolean;
  /** Real packs to serve instead of tiny ones (any folder or name `owseg serve` takes). */
  packs?: { sam: string; naming?: string };
  /** The server's --api-key. */
  apiKey?: string;
}

export interface AppSession {
  dir: string;
  sam: string;
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** Every URL the page requested, in order. */
  requests: string[];
  /** Closes the browser and the server and removes the packs; safe after a failed start. */
  close(): Promise<void>;
}

/** Tiny packs written by the real writers, `owseg serve` on them in-process, and the app open on scene.png. */
export async function startAppSession(options: AppSessionOptions): Promise<AppSession> {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-web-'));
  const session = { dir, sam: options.packs?.sam ?? join(dir, 'sam') } as AppSession;
  session.close = async () => {
    await session.browser?.close();
    await session.server?.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (!options.packs) await writeTinySamPack(session.sam, { layout: options.layout, seed: options.seed });
    let model = options.packs?.naming;
    if (options.naming && !options.packs) {
      const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), { seed: options.seed, sizes: { imageSize: 56, patchSize: 7 } });
      model = join(dir, 'internvl');
      await convertInternVLCheckpoint(checkpoint.dir, model);
    }
    session.server = await startServer({ host: '127.0.0.1', port: 0, sam: session.sam, ...(model ? { model } : {}), ...(options.apiKey ? { apiKey: options.apiKey } : {}) });
    session.browser = await launchChromium();
    session.page = await session.browser.context.newPage();
    session.requests = [];
    session.page.on('request', (request) => session.requests.push(request.url()));
    // Real packs keep the generator's and the namer's own defaults.
    const query = options.packs ? '' : options.naming ? TINY_GENERATOR_QUERY + TINY_NAMING_QUERY : TINY_GENERATOR_QUERY;
    await openApp(session.page, session.server.url, SCENE, query);
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

export async function openApp(page: Page, serverUrl: string, picture: string, query = TINY_GENERATOR_QUERY): Promise<void> {
  await page.goto(`${serverUrl}/${query}`);
  await page.setInputFiles('input[type=file]', picture);
  await page.locator('canvas.picture').waitFor();
}

/**
 * Waits until `target` reaches `state` or the app shows an error, and fails with that error. The
 * app runs its work one task at a time, so outcomes arrive in the order they were asked for.
 */
export async function waitFor(page: Page, target: Locator, state: 'attached' | 'detached' = 'attached'): Promise<void> {
  const error = page.locator('#error');
  const settled = [target.waitFor({ state }), error.waitFor()];
  await Promise.race(settled);
  // The loser keeps waiting until the page closes; its rejection then means nothing.
  for (const waiting of settled) waiting.catch(() => undefined);
  if ((await error.count()) > 0) assert.fail(`the app reported: ${await error.innerText()}`);
}

export function regions(page: Page): Locator {
  return page.locator('.regions li');
}

/** Waits until the list holds at least `count` regions. */
export async function waitForRegions(page: Page, count: number): Promise<void> {
  await waitFor(page, regions(page).nth(count - 1));
}

/** Clicks the centre of image pixel (x, y) of the picture, whatever its on-screen scale. */
export async function clickPixel(page: Page, x: number, y: number, modifiers: ('Alt' | 'Shift' | 'Control')[] = []): Promise<void> {
  const at = await screenPoint(page);
  await page.mouse.move(...at(x, y));
  for (const key of modifiers) await page.keyboard.down(key);
  await page.mouse.down();
  await page.mouse.up();
  for (const key of modifiers) await page.keyboard.up(key);
}

/** Drags from pixel (x0, y0) to pixel (x1, y1) of the picture. */
export async function dragPixels(page: Page, [x0, y0]: readonly [number, number], [x1, y1]: readonly [number, number]): Promise<void> {
  const at = await screenPoint(page);
  await page.mouse.move(...at(x0, y0));
  await page.mouse.down();
  await page.mouse.move(...at((x0 + x1) / 2, (y0 + y1) / 2), { steps: 2 });
  await page.mouse.move(...at(x1, y1), { steps: 2 });
  await page.mouse.up();
}

/** Image pixel (x, y) → the page coordinates of its centre (the canvas is drawn at image size and shown scaled). */
async function screenPoint(page: Page): Promise<(x: number, y: number) => [number, number]> {
  const canvas = page.locator('canvas.picture');
  const box = (await canvas.boundingBox())!;
  const width = Number(await canvas.getAttribute('width'));
  const height = Number(await canvas.getAttribute('height'));
  return (x, y) => [box.x + ((x + 0.5) * box.width) / width, box.y + ((y + 0.5) * box.height) / height];
}

/** Clicks `selector` and returns the file the app hands to the browser. */
export async function download(page: Page, selector: string): Promise<{ fileName: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await file.path();
  return { fileName: file.suggestedFilename(), bytes: await readFile(path) };
}
