// `npm run screenshot`: docs/serve-app.png, the web app of `owseg serve` with examples/scene.png segmented
// and named, taken in Debian's Chromium. Real packs come from OWSEG_SAM_PACK / OWSEG_INTERNVL_PACK; without
// them the tiny untrained test packs are used, so masks and names are then random.
const root = new URL('..', import.meta.url).pathname;
const { openApp, regions, SCENE, startAppSession, TINY_NAMING_QUERY, waitFor } = await import(`${root}build/test/helpers/web-app.js`);

const samPack = process.env.OWSEG_SAM_PACK;
const namingPack = process.env.OWSEG_INTERNVL_PACK;
const app = await startAppSession({ layout: 'transformers-sam', seed: 4, naming: true, ...(samPack ? { packs: { sam: samPack, naming: namingPack } } : {}) });
try {
  // Tiny packs: a 3 × 3 prompt grid keeps the picture readable.
  if (!samPack) await openApp(app.page, app.server.url, SCENE, `?pointsPerSide=3&predIouThresh=0&stabilityScoreThresh=0${TINY_NAMING_QUERY}`);
  await app.page.click('#segment');
  await waitFor(app.page, app.page.locator('#notice', { hasText: /^Segment everything/ }));
  // Hovering a region in the list highlights it on the picture, as a user would see it.
  await regions(app.page).nth(1).hover();
  const output = `${root}docs/serve-app.png`;
  await app.page.screenshot({ path: output });
  console.log(`wrote ${output} (${samPack ? 'packs from OWSEG_SAM_PACK / OWSEG_INTERNVL_PACK' : 'tiny untrained packs'})`);
} finally {
  await app.close();
}
