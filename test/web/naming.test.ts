/**
 * The web app with a naming model loaded (tiny InternVL pack): segment everything comes back named,
 * regions drawn by hand get names, a phrase is grounded into new regions and referred to among them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clickPixel, regions, startAppSession, waitFor, waitForRegions, type AppSession } from '../helpers/web-app.js';

describe('web app with a naming model', () => {
  const app = {} as AppSession;
  before(async () => Object.assign(app, await startAppSession({ layout: 'transformers-sam', seed: 4, naming: true })));
  after(() => app.close?.());
  let count = 0;

  const notice = (pattern: RegExp) => waitFor(app.page, app.page.locator('#notice', { hasText: pattern }));

  test('segment everything names every region', async () => {
    assert.equal(await app.page.locator('#segment').innerText(), 'Segment & name everything');
    await app.page.click('#segment');
    await notice(/^Segment everything: \d+ regions?, named\.$/);
    count = await regions(app.page).count();
    assert.ok(count > 0);
    assert.equal(await app.page.locator('.regions .unnamed').count(), 0);
  });

  test('a drawn region is unnamed until Name regions names it', async () => {
    await clickPixel(app.page, 600, 100);
    await waitForRegions(app.page, count + 1);
    assert.equal(await app.page.locator('.regions .unnamed').count(), 1);
    await app.page.keyboard.press('Enter');
    await app.page.click('#name');
    await notice(/^Named 1 region\.$/);
    assert.equal(await app.page.locator('.regions .unnamed').count(), 0);
    count += 1;
  });

  test('ground adds the phrase’s regions and selects them; refer selects among all regions', async () => {
    await app.page.fill('#text', 'the house');
    await app.page.click('#ground');
    await notice(/^Ground “the house”: \d+ regions? added and selected\.$/);
    const grounded = (await regions(app.page).count()) - count;
    assert.equal(await app.page.locator('.regions li.selected').count(), grounded);
    await app.page.click('#refer');
    const total = await regions(app.page).count();
    await notice(new RegExp(`^Refer “the house”: \\d+ of ${total} regions selected\\.$`));
    const chosen = Number(/: (\d+) of/.exec(await app.page.locator('#notice').innerText())![1]);
    assert.equal(await app.page.locator('.regions li.selected').count(), chosen);
  });
});
