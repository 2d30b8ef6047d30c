/**
 * The CLI with models by name, against a fake Hub on 127.0.0.1: `owseg pull`, then segment and name
 * offline from the cache (the "done when"), `owseg models`, and the errors a user meets.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { OwsegResult } from '../../src/core/formats/owseg-result.js';
import { owsegWithEnv } from '../helpers/cli.js';
import { startFixtureHub, testCaches, type HubFixture, type TestCaches } from '../hub/helpers.js';

let fixture: HubFixture;
let caches: TestCaches;

before(async () => {
  fixture = await startFixtureHub();
  caches = await testCaches(fixture.hub.url);
});
after(async () => {
  await fixture.hub.stop();
  await caches.remove();
});

const quick = ['--points-per-side', '4', '--pred-iou-thresh', '0', '--stability-score-thresh', '0', '--max-new-tokens', '2', '--max-tiles', '2'];

describe('owseg with models by name', () => {
  test('pull wowseg-1b slimsam, then segment and name offline from the cache', async () => {
    const pull = await owsegWithEnv(caches.env, 'pull', 'wowseg-1b', 'slimsam');
    assert.equal(pull.status, 0, pull.stderr);
    assert.match(pull.stdout, /^wowseg-1b: AAwcAA\/WOW-Seg@[0-9a-f]{12} \(internvl\), fetched [\d.]+ [KM]iB, converted → .*packs\/models--AAwcAA--WOW-Seg\/[0-9a-f]{40}$/m);
    assert.match(pull.stdout, /^slimsam: Xenova\/slimsam-77-uniform@[0-9a-f]{12} \(sam fp32\), fetched [\d.]+ [KM]iB → .*models--Xenova--slimsam-77-uniform\/snapshots\/[0-9a-f]{40}$/m);
    assert.match(pull.stderr, /warning: .*skipping 4 tensor\(s\) of modules an owseg pack does not use: prompt_encoder\.\* \(4\)/);

    fixture.hub.requests.length = 0;
    const out = join(caches.root, 'out.json');
    const run = await owsegWithEnv({ ...caches.env, HF_HUB_OFFLINE: '1' }, 'segment', 'examples/scene.png', '--sam', 'slimsam', '--name', 'wowseg-1b', '-o', out, ...quick);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(fixture.hub.requests.length, 0, 'offline: no request reached the Hub');
    const result = JSON.parse(await readFile(out, 'utf8')) as OwsegResult;
    assert.equal(result.task, 'everything+name');
    assert.ok(result.regions.length > 0);
    assert.equal(result.model?.name, 'slimsam');
    assert.equal(result.model?.extra?.repo, 'Xenova/slimsam-77-uniform');
    assert.equal(result.model?.extra?.commit, fixture.commits.get('Xenova/slimsam-77-uniform'));
    const naming = result.model?.extra?.naming as { name: string; repo: string; commit: string };
    assert.equal(naming.name, 'wowseg-1b');
    assert.equal(naming.commit, fixture.commits.get('AAwcAA/WOW-Seg'));

    const again = await owsegWithEnv(caches.env, 'pull', 'slimsam');
    assert.match(again.stdout, /already cached/);

    const models = await owsegWithEnv(caches.env, 'models');
    assert.equal(models.status, 0, models.stderr);
    assert.match(models.stdout, /^slimsam\s+Xenova\/slimsam-77-uniform\s+[0-9a-f]{12} \(main\)\s+[\d.]+ KiB\s+ready \(fp32\)$/m);
    assert.match(models.stdout, /^wowseg-1b\s+AAwcAA\/WOW-Seg\s+[0-9a-f]{12} \(main\)\s+[\d.]+ [KM]iB \+ pack [\d.]+ [KM]iB\s+converted$/m);
    const json = JSON.parse((await owsegWithEnv(caches.env, 'models', '--json')).stdout) as { name: string; state: string }[];
    assert.deepEqual(json.map((m) => [m.name, m.state]).sort(), [['slimsam', 'ready'], ['wowseg-1b', 'converted']]);
  });

  test('--weights int4 converts the cached checkpoint once more, offline, into its own pack beside fp32', async () => {
    const out = join(caches.root, 'int4.json');
    const run = await owsegWithEnv({ ...caches.env, HF_HUB_OFFLINE: '1' }, 'segment', 'examples/scene.png', '--sam', 'slimsam', '--name', 'wowseg-1b', '--weights', 'int4', '-o', out, ...quick);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(await readFile(out, 'utf8')) as OwsegResult;
    const naming = result.model?.extra?.naming as { weights: string; pack: string };
    assert.equal(naming.weights, 'int4');
    assert.match(naming.pack, /packs\/models--AAwcAA--WOW-Seg\/[0-9a-f]{40}-int4$/);
    const manifest = JSON.parse(await readFile(join(naming.pack, 'owseg.json'), 'utf8')) as { weights: { format: string } };
    assert.equal(manifest.weights.format, 'int4');
    const models = await owsegWithEnv(caches.env, 'models');
    assert.match(models.stdout, /^wowseg-1b\s+AAwcAA\/WOW-Seg\s+[0-9a-f]{12} \(main\)\s+[\d.]+ [KM]iB \+ packs fp32 [\d.]+ [KM]iB, int4 [\d.]+ [KM]iB\s+converted$/m);
    const pull = await owsegWithEnv(caches.env, 'pull', 'wowseg-1b', '--weights', 'int4', '--offline');
    assert.match(pull.stdout, /^wowseg-1b: AAwcAA\/WOW-Seg@[0-9a-f]{12} \(internvl int4\), already cached → .*-int4$/m);
  });

  test('the first use of a name in a command downloads it; --offline without it in the cache names it (exit 4)', async () => {
    const fresh = await testCaches(fixture.hub.url);
    try {
      const offline = await owsegWithEnv(fresh.env, 'segment', 'examples/scene.png', '--sam', 'sam2.1-tiny', '--offline', '-o', join(fresh.root, 'x.json'));
      assert.equal(offline.status, 4);
      assert.match(offline.stderr, /sam2\.1-tiny \(onnx-community\/sam2\.1-hiera-tiny-ONNX\) is not in the cache .* owseg is offline .*owseg pull sam2\.1-tiny/);
      const run = await owsegWithEnv(fresh.env, 'segment', 'examples/scene.png', '--sam', 'sam2.1-tiny', '-o', join(fresh.root, 'x.json'), ...quick.slice(0, 6));
      assert.equal(run.status, 0, run.stderr);
      const result = JSON.parse(await readFile(join(fresh.root, 'x.json'), 'utf8')) as OwsegResult;
      assert.equal(result.model?.extra?.repo, 'onnx-community/sam2.1-hiera-tiny-ONNX');
    } finally {
      await fresh.remove();
    }
  });

  test('two owseg processes pulling the same model at once: both succeed, each file is fetched once', async () => {
    const fresh = await testCaches(fixture.hub.url);
    try {
      fixture.hub.requests.length = 0;
      const [a, b] = await Promise.all([owsegWithEnv(fresh.env, 'pull', 'sam2.1-tiny'), owsegWithEnv(fresh.env, 'pull', 'sam2.1-tiny')]);
      assert.equal(a.status, 0, a.stderr);
      assert.equal(b.status, 0, b.stderr);
      const files = fixture.files.get('onnx-community/sam2.1-hiera-tiny-ONNX')!;
      for (const file of ['onnx/vision_encoder.onnx', 'onnx/vision_encoder.onnx_data', 'onnx/prompt_encoder_mask_decoder.onnx_data']) {
        assert.equal(fixture.hub.requestsFor(file).filter((r) => r.server === 'cdn').length, 1, `${file} fetched once`);
      }
      const snapshot = join(fresh.settings.cacheDir!, 'models--onnx-community--sam2.1-hiera-tiny-ONNX', 'snapshots', fixture.commits.get('onnx-community/sam2.1-hiera-tiny-ONNX')!);
      assert.deepEqual(await readFile(join(snapshot, 'onnx/vision_encoder.onnx_data')), files['onnx/vision_encoder.onnx_data']);
    } finally {
      await fresh.remove();
    }
  });

  test('errors: an unknown repo (exit 4), a name of the wrong kind and a folder of the wrong kind (exit 3)', async () => {
    const missing = await owsegWithEnv(caches.env, 'pull', 'nobody/nothing');
    assert.equal(missing.status, 4);
    assert.match(missing.stderr, /has no repo nobody\/nothing/);
    const wrongName = await owsegWithEnv(caches.env, 'segment', 'examples/scene.png', '--sam', 'wowseg-1b', '-o', join(caches.root, 'y.json'));
    assert.equal(wrongName.status, 3);
    assert.match(wrongName.stderr, /--sam: expected a SAM model \(wowseg-1b \(AAwcAA\/WOW-Seg\) is an InternVL checkpoint\)/);
    const samFolder = join(caches.settings.cacheDir!, 'models--Xenova--slimsam-77-uniform', 'snapshots', fixture.commits.get('Xenova/slimsam-77-uniform')!);
    const wrongFolder = await owsegWithEnv(caches.env, 'name', 'examples/scene.png', '--masks', 'examples/scene.coco.json', '--model', samFolder, '-o', join(caches.root, 'z.json'));
    assert.equal(wrongFolder.status, 3);
    assert.match(wrongFolder.stderr, /expected an InternVL model pack .* \(it is a SAM model \(transformers\.js layout\)\)/);
    const checkpoint = join(caches.settings.cacheDir!, 'models--AAwcAA--WOW-Seg', 'snapshots', fixture.commits.get('AAwcAA/WOW-Seg')!);
    const checkpointAsSam = await owsegWithEnv(caches.env, 'segment', 'examples/scene.png', '--sam', checkpoint, '-o', join(caches.root, 'y.json'));
    assert.equal(checkpointAsSam.status, 3);
    assert.match(checkpointAsSam.stderr, /expected a SAM model folder .* \(it is an InternVL checkpoint that is not converted yet/);
  });

  test('models rm frees a model; region-recognition takes --embedder minilm', async () => {
    const pull = await owsegWithEnv(caches.env, 'pull', 'minilm');
    assert.equal(pull.status, 0, pull.stderr);
    const names = join(caches.root, 'names.json');
    const gt = join(caches.root, 'osprey.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(gt, JSON.stringify([{ id: 1, file_name: 'a.png', height: 4, width: 4, categories: ['red apple'], annotations: [{ segmentation: [[0, 0, 3, 0, 3, 3, 0, 3]] }] }]));
    await writeFile(names, JSON.stringify([{ image_id: 1, region: 0, name: 'apple' }]));
    const scored = await owsegWithEnv({ ...caches.env, HF_HUB_OFFLINE: '1' }, 'eval', 'region-recognition', '--gt', gt, '--pred', names, '--embedder', 'minilm');
    assert.equal(scored.status, 0, scored.stderr);
    assert.match(scored.stdout, /SIoU\s+0\.5000/);
    const rm = await owsegWithEnv(caches.env, 'models', 'rm', 'minilm');
    assert.equal(rm.status, 0, rm.stderr);
    assert.match(rm.stdout, /^minilm: removed Xenova\/all-MiniLM-L6-v2, [\d.]+ [KM]iB freed$/m);
    assert.doesNotMatch((await owsegWithEnv(caches.env, 'models')).stdout, /minilm/);
  });
});
