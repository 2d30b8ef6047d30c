// `npm run demo`: segments and names everything in the picture shipped in examples/. Real models come from
// the Hugging Face Hub when it answers (sam-vit-base and wowseg-1b, downloaded once into the shared cache),
// from the cache when offline, or from OWSEG_SAM_PACK / OWSEG_INTERNVL_PACK; otherwise tiny untrained packs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const cache = `${root}.cache/demo-packs`;
const owseg = (...args) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { stdio: 'inherit', cwd: root });
const { internvl, sam, hub } = await import(`${root}dist/index.js`);

const DEMO_SAM = 'sam-vit-base';
const DEMO_NAMING = 'wowseg-1b';

async function tinyPacks() {
  const samPack = `${cache}/sam`;
  const internvlPack = `${cache}/internvl`;
  if (!existsSync(`${samPack}/owseg.json`)) {
    rmSync(samPack, { recursive: true, force: true });
    await sam.writeTinySamPack(samPack, { layout: 'transformers-sam', seed: 1 });
  }
  if (!existsSync(`${internvlPack}/owseg.json`)) {
    const checkpoint = `${cache}/internvl-checkpoint`;
    rmSync(checkpoint, { recursive: true, force: true });
    await internvl.writeTinyInternVLCheckpoint(checkpoint, { seed: 1 });
    await internvl.convertInternVLCheckpoint(checkpoint, internvlPack, { overwrite: true });
    rmSync(checkpoint, { recursive: true, force: true });
  }
  return { samModel: samPack, namingModel: internvlPack };
}

/** Whether the Hub answers at all within a few seconds (any HTTP status counts). */
async function hubAnswers(endpoint) {
  try {
    await fetch(`${endpoint}/api/models/Xenova/${DEMO_SAM}`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}

/** Both demo models already complete in the cache (usable offline). */
async function cachedDemoModels() {
  try {
    await hub.resolveModel(DEMO_SAM, 'sam', { hub: { offline: true } });
    await hub.resolveModel(DEMO_NAMING, 'internvl', { hub: { offline: true } });
    return true;
  } catch {
    return false;
  }
}

/** Which models to run: 'real' ones by name or folder, or the tiny untrained packs and the reason. */
async function chooseModels() {
  if (process.env.OWSEG_SAM_PACK && process.env.OWSEG_INTERNVL_PACK) {
    return { real: true, samModel: process.env.OWSEG_SAM_PACK, namingModel: process.env.OWSEG_INTERNVL_PACK };
  }
  const settings = hub.hubSettings();
  if (await cachedDemoModels()) return { real: true, samModel: DEMO_SAM, namingModel: DEMO_NAMING };
  if (settings.offline) return { real: false, why: `offline (HF_HUB_OFFLINE) and ${DEMO_SAM} + ${DEMO_NAMING} are not in the cache` };
  if (!(await hubAnswers(settings.endpoint))) return { real: false, why: `the Hub (${settings.endpoint}) did not answer (5 s limit)` };
  console.log(`owseg demo: downloading ${DEMO_SAM} and ${DEMO_NAMING} from ${settings.endpoint} (once: sam-vit-base's fp32 graphs are 376 MB, WOW-Seg about 1.9 GB as InternVL3-1B; the checkpoint is then converted into an owseg pack)`);
  try {
    owseg('pull', DEMO_SAM, DEMO_NAMING);
    return { real: true, samModel: DEMO_SAM, namingModel: DEMO_NAMING };
  } catch {
    return { real: false, why: 'the real models could not be pulled (the error is above)' };
  }
}

mkdirSync(`${root}out`, { recursive: true });
const choice = await chooseModels();
let { samModel, namingModel } = choice;
// Untrained packs give meaningless masks and names: fewer points and shorter names keep the run short.
let quick = [];
if (!choice.real) {
  ({ samModel, namingModel } = await tinyPacks());
  quick = ['--points-per-side', '4', '--pred-iou-thresh', '0', '--stability-score-thresh', '0', '--max-new-tokens', '4'];
  console.log(`owseg demo: ${choice.why}, so this runs on tiny UNTRAINED packs built in .cache/demo-packs:`);
  console.log('the pipeline is real, the masks and names are noise.\n');
} else {
  console.log(`owseg demo: segmenting with ${samModel} and naming with ${namingModel}; on a CPU, naming takes minutes (see the README's benchmarks).`);
}
owseg('segment', 'examples/scene.png', '--sam', samModel, '--name', namingModel, ...quick, '-o', 'out/scene.json', '--overlay', 'out/scene-named.png');
owseg('info', 'out/scene.json');
console.log(`\nowseg demo: wrote ${root}out/scene.json and ${root}out/scene-named.png${choice.real ? '' : ' (untrained demo packs)'}`);
