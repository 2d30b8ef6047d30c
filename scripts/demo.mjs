// `npm run demo`: runs owseg on the picture shipped in examples/ and says where the results went.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const outDir = `${root}out`;
mkdirSync(outDir, { recursive: true });
const owseg = (...args) => execFileSync(process.execPath, [`${root}dist/cli/main.js`, ...args], { stdio: 'inherit', cwd: root });

owseg('info', 'examples/scene.coco.json');
owseg('draw', 'examples/scene.png', 'examples/scene.coco.json', '-o', 'out/scene-overlay.png');
console.log(`\nowseg demo: wrote ${outDir}/scene-overlay.png (the example scene's ground-truth regions, labelled)`);
