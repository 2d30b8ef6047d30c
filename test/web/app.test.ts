/**
 * The web app end to end in Chromium against an in-process `owseg serve` on a tiny SAM pack: open
 * scene.png, segment everything, draw regions with the in-browser decoder, rename, undo, export.
 * Every mask the browser decodes must equal the server-side segmentPrompt mask for the same prompt.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { parseCocoInstances } from '../../src/core/formats/coco.js';
import { parseOwsegResult, type OwsegRegion } from '../../src/core/formats/owseg-result.js';
import { loadImage } from '../../src/core/image/index.js';
import { encode, merge } from '../../src/core/rle/index.js';
import { loadSam } from '../../src/models/sam/index.js';
import { bestMaskIndex, segmentPrompt } from '../../src/models/sam/segment.js';
import { clickPixel, download, dragPixels, openApp, regions, SCENE, startAppSession, waitFor, waitForRegions, type AppSession, type AppSessionOptions } from '../helpers/web-app.js';

/** A server on a tiny pack and a Chromium page on its app for the tests of one describe, torn down whatever happens. */
function withApp(options: AppSessionOptions) {
  const app = {} as AppSession;
  before(async () => Object.assign(app, await startAppSession(options)));
  after(() => app.close?.());
  return app;
}

/** The server-side mask for a region's recorded prompt, by segmentPrompt with the app's multimask rule. */
async function serverMask(sam: string, region: OwsegRegion): Promise<string> {
  const prompt = (region.extra as { prompt: { points: [number, number][]; labels: number[]; box?: [number, number, number, number] } }).prompt;
  const model = await loadSam(sam);
  try {
    const embedding = await model.encodeImage(await loadImage(SCENE));
    const multimask = prompt.points.length === 1 && prompt.box === undefined;
    const result = await segmentPrompt(model, embedding, { points: prompt.points, labels: prompt.labels, ...(prompt.box ? { box: prompt.box } : {}), multimask });
    return encode(result.masks[bestMaskIndex(result)]!).counts;
  } finally {
    await model.release();
  }
}

async function exportedRegions(page: Page): Promise<OwsegRegion[]> {
  const file = await download(page, '#export-owseg');
  assert.equal(file.fileName, 'scene.owseg.json');
  return parseOwsegResult(JSON.parse(file.bytes.toString('utf8')), { source: file.fileName }).regions;
}

describe('web app on a transformers.js SAM pack', () => {
  const app = withApp({ layout: 'transformers-sam', seed: 1 });
  let everything = 0;

  test('segment everything lists the server’s regions', async () => {
    await app.page.click('#segment');
    await waitForRegions(app.page, 1);
    everything = await regions(app.page).count();
    assert.ok(everything > 0);
  });

  test('a click adds a region from the in-browser decoder, equal to the server-side mask', async () => {
    await clickPixel(app.page, 370, 450);
    await waitForRegions(app.page, everything + 1);
    const added = (await exportedRegions(app.page)).at(-1)!;
    assert.equal(added.id, everything + 1);
    assert.deepEqual(added.extra, { prompt: { points: [[370.5, 450.5]], labels: [1] } });
    assert.ok(added.area > 0);
    assert.equal(added.segmentation.counts, await serverMask(app.sam, added));
  });

  test('an Alt-click adds a negative point to the same region, still equal to the server-side mask', async () => {
    await clickPixel(app.page, 120, 300, ['Alt']);
    await waitFor(app.page, app.page.locator('.regions li.drawing .prompt', { hasText: '2 points' }));
    const after = (await exportedRegions(app.page)).at(-1)!;
    assert.deepEqual(after.extra, { prompt: { points: [[370.5, 450.5], [120.5, 300.5]], labels: [1, 0] } });
    assert.equal(await regions(app.page).count(), everything + 1);
    assert.equal(after.segmentation.counts, await serverMask(app.sam, after));
  });

  test('rename, undo and rename again', async () => {
    const first = regions(app.page).first();
    await first.dblclick();
    await app.page.fill('input.rename', 'house');
    await app.page.press('input.rename', 'Enter');
    await waitFor(app.page, first.getByText('house', { exact: true }));
    await app.page.click('#undo');
    await waitFor(app.page, first.getByText('house', { exact: true }), 'detached');
    await first.click();
    await app.page.keyboard.press('r');
    await app.page.fill('input.rename', 'house');
    await app.page.press('input.rename', 'Enter');
    await waitFor(app.page, first.getByText('house', { exact: true }));
  });

  test('COCO export is valid COCO with the named region', async () => {
    const file = await download(app.page, '#export-coco');
    assert.equal(file.fileName, 'scene.coco.json');
    const coco = parseCocoInstances(JSON.parse(file.bytes.toString('utf8')), { source: file.fileName });
    assert.deepEqual(coco.images, [{ id: 1, file_name: 'scene.png', width: 640, height: 480 }]);
    assert.equal(coco.annotations.length, everything + 1);
    const house = coco.categories.find((c) => c.name === 'house');
    assert.ok(house, 'a category for the renamed region');
    assert.equal(coco.annotations[0]!.category_id, house.id);
  });

  test('owseg JSON and overlay PNG exports', async () => {
    const exported = await exportedRegions(app.page);
    assert.equal(exported.length, everything + 1);
    assert.equal(exported[0]!.name, 'house');
    const png = await download(app.page, '#export-png');
    assert.equal(png.fileName, 'scene.overlay.png');
    const meta = await sharp(png.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', 640, 480]);
  });

  test('the app loaded nothing from outside the server (the ORT wasm included)', () => {
    const outside = app.requests.filter((url) => !url.startsWith(`${app.server.url}/`) && !/^(blob|data):/.test(url));
    assert.deepEqual(outside, []);
    assert.ok(app.requests.some((url) => /\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(url)), 'onnxruntime-web fetched its wasm from dist/web');
  });
});

describe('web app errors and help', () => {
  const app = withApp({ layout: 'transformers-sam', seed: 3 });

  test('a server refusal is shown with the server’s message', async () => {
    await openApp(app.page, app.server.url, SCENE, '?pointsPerSide=0');
    await app.page.keyboard.press('s');
    await app.page.locator('#error').waitFor();
    assert.match(await app.page.locator('#error').innerText(), /^POST \/v1\/segment: .*pointsPerSide.* \(bad_request\)/);
    await app.page.click('#error button');
    assert.equal(await app.page.locator('#error').count(), 0);
  });

  test('a file that is not an image is refused by name', async () => {
    await app.page.setInputFiles('input[type=file]', 'package.json');
    await app.page.locator('#error').waitFor();
    assert.match(await app.page.locator('#error').innerText(), /^package\.json is not an image this browser can decode \(PNG, JPEG or WebP\)\./);
    await app.page.click('#error button');
  });

  test('? lists every shortcut', async () => {
    await app.page.keyboard.press('?');
    const help = app.page.locator('#help');
    await waitFor(app.page, help);
    for (const keys of ['Ctrl+Z / U', 'Enter / N', 'Alt+Click', 'Drag']) assert.equal(await help.getByText(keys, { exact: true }).count(), 1, keys);
    await app.page.keyboard.press('?');
    await waitFor(app.page, help, 'detached');
  });
});

describe('web app on a server with an API key', () => {
  const app = withApp({ layout: 'transformers-sam', seed: 5, apiKey: 'sesame' });

  test('the app asks for the key after a 401, then works with it', async () => {
    await app.page.locator('#key-form').waitFor();
    assert.match(await app.page.locator('#error').innerText(), /unauthorized/);
    await app.page.fill('#api-key', 'sesame');
    await app.page.press('#api-key', 'Enter');
    await waitFor(app.page, app.page.locator('#key-form'), 'detached');
    await clickPixel(app.page, 320, 240);
    await waitForRegions(app.page, 1);
  });
});

describe('web app on an official SAM pack', () => {
  const app = withApp({ layout: 'official', seed: 2 });

  test('a box drawn by dragging decodes to the server-side mask', async () => {
    await dragPixels(app.page, [250, 300], [470, 470]);
    await waitForRegions(app.page, 1);
    const [boxed] = await exportedRegions(app.page);
    assert.deepEqual(boxed!.extra, { prompt: { points: [], labels: [], box: [250.5, 300.5, 470.5, 470.5] } });
    assert.equal(boxed!.segmentation.counts, await serverMask(app.sam, boxed!));
  });

  test('Enter finishes a region; the next click starts another, equal to the server-side mask', async () => {
    await app.page.keyboard.press('Enter');
    await clickPixel(app.page, 600, 100);
    await waitForRegions(app.page, 2);
    const clicked = (await exportedRegions(app.page))[1]!;
    assert.deepEqual(clicked.extra, { prompt: { points: [[600.5, 100.5]], labels: [1] } });
    assert.equal(clicked.segmentation.counts, await serverMask(app.sam, clicked));
  });

  test('two selected regions merge into their union; delete and undo', async () => {
    const [first, second] = await exportedRegions(app.page);
    await regions(app.page).nth(0).click();
    await regions(app.page).nth(1).click({ modifiers: ['Control'] });
    await app.page.keyboard.press('m');
    await waitFor(app.page, regions(app.page).nth(1), 'detached');
    const [merged] = await exportedRegions(app.page);
    assert.equal(merged!.segmentation.counts, merge([first!.segmentation, second!.segmentation]).counts);
    await app.page.keyboard.press('Delete');
    await waitFor(app.page, regions(app.page).first(), 'detached');
    await app.page.keyboard.press('u');
    await waitForRegions(app.page, 1);
  });

  test('dropping a picture on the page opens it with no regions', async () => {
    const png = (await readFile(SCENE)).toString('base64');
    const transfer = await app.page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File([Uint8Array.from(atob('${png}'), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' })); return t; })()`,
    );
    await app.page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    await waitFor(app.page, regions(app.page).first(), 'detached');
    const file = await download(app.page, '#export-owseg');
    assert.equal(file.fileName, 'dropped.owseg.json');
    assert.deepEqual(JSON.parse(file.bytes.toString('utf8')).regions, []);
  });
});


describe('web app on a transformers.js SAM 2 pack', () => {
  const app = withApp({ layout: 'transformers-sam2', seed: 6 });

  test('a click and then a box on the same region decode to the server-side masks', async () => {
    await clickPixel(app.page, 200, 150);
    await waitForRegions(app.page, 1);
    const [clicked] = await exportedRegions(app.page);
    assert.equal(clicked!.segmentation.counts, await serverMask(app.sam, clicked!));
    await dragPixels(app.page, [100, 100], [300, 260]);
    await waitFor(app.page, app.page.locator('.regions li.drawing .prompt', { hasText: '1 point + box' }));
    const [boxed] = await exportedRegions(app.page);
    assert.deepEqual(boxed!.extra, { prompt: { points: [[200.5, 150.5]], labels: [1], box: [100.5, 100.5, 300.5, 260.5] } });
    assert.equal(boxed!.segmentation.counts, await serverMask(app.sam, boxed!));
  });
});
