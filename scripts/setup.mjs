// One-time set-up shared by `npm test`, `npm run bench` and `npm run demo` on a fresh machine:
// installs npm dependencies, the Debian packages the Python oracles, the Redis queue tests, the overlay labels and the browser tests need, and builds dist/ and the web app in dist/web/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });

/**
 * Debian packages needed by the tools/reference oracles (numpy, Pillow, SciPy, PyTorch, OpenCV), by
 * the batch queue tests (Redis), by label rendering and by the web app's browser tests (Chromium,
 * driven by playwright-core), keyed by a probe that proves them present.
 */
const debianNeeds = [
  { pkg: 'python3-numpy', present: () => pythonHas('numpy') },
  { pkg: 'python3-pil', present: () => pythonHas('PIL') },
  { pkg: 'python3-scipy', present: () => pythonHas('scipy.ndimage') },
  { pkg: 'python3-torch', present: () => pythonHas('torch') },
  { pkg: 'python3-opencv', present: () => pythonHas('cv2') },
  { pkg: 'redis-server', present: () => existsSync('/usr/bin/redis-server') },
  { pkg: 'fonts-dejavu-core', present: () => existsSync('/usr/share/fonts/truetype/dejavu') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
];

function pythonHas(module) {
  try {
    execFileSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// The demo needs only fonts; tests and benchmarks also need the Python oracles and Redis.
const withOracles = process.argv.includes('--with-oracles');
const missing = debianNeeds
  .filter((need) => (withOracles || need.pkg.startsWith('fonts-')) && !need.present())
  .map((need) => need.pkg);
if (missing.length > 0) {
  if (process.getuid?.() === 0) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.warn(`owseg setup: please install ${missing.join(' ')} (apt-get); the oracle tests need them.`);
  }
}

const distEntry = join(root, 'dist', 'index.js');
if (!existsSync(distEntry) || statSync(distEntry).mtimeMs < newestMtime(join(root, 'src'))) {
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
}

// The web bundle holds owseg's own decoding modules from src/ as well as web/.
const webEntry = join(root, 'dist', 'web', 'index.html');
if (!existsSync(webEntry) || statSync(webEntry).mtimeMs < Math.max(newestMtime(join(root, 'web')), newestMtime(join(root, 'src')))) {
  run('npx', ['vite', 'build', '--config', 'web/vite.config.ts']);
}
