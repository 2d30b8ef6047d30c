// `npm run demo`: segments and names everything in the picture shipped in examples/. Real packs come
// from OWSEG_SAM_PACK and OWSEG_INTERNVL_PACK; without them, tiny untrained packs are built once into .cache/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const cache = `${root}.cache/demo-packs`;
const owseg = (...args) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { stdio: 'inherit', cwd: root });
const { internvl, sam } = await import(`${root}dist/index.js`);

async function demoPacks() {
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
  return { samPack, internvlPack };
}

const real = process.env.OWSEG_SAM_PACK && process.env.OWSEG_INTERNVL_PACK;
mkdirSync(`${root}out`, { recursive: true });
let samPack = process.env.OWSEG_SAM_PACK;
let internvlPack = process.env.OWSEG_INTERNVL_PACK;
// Untrained packs give meaningless masks and names: fewer points and shorter names keep the run short.
let quick = [];
if (!real) {
  ({ samPack, internvlPack } = await demoPacks());
  quick = ['--points-per-side', '4', '--pred-iou-thresh', '0', '--stability-score-thresh', '0', '--max-new-tokens', '4'];
  console.log('owseg demo: OWSEG_SAM_PACK / OWSEG_INTERNVL_PACK not set, so this runs on tiny UNTRAINED packs built in .cache/demo-packs:');
  console.log('the pipeline is real, the masks and names are noise. Point the variables at real packs for real results.\n');
}
owseg('segment', 'examples/scene.png', '--sam', samPack, '--name', internvlPack, ...quick, '-o', 'out/scene.json', '--overlay', 'out/scene-named.png');
owseg('info', 'out/scene.json');
console.log(`\nowseg demo: wrote ${root}out/scene.json and ${root}out/scene-named.png${real ? '' : ' (untrained demo packs)'}`);
