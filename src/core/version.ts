/**
 * owseg's version and package folder, read from its package.json: found by walking up from this
 * file so it works from dist/ (installed package) and from build/src/ (the test build) alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (true) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'owseg' && pkg.version) return { root: dir, version: pkg.version };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('owseg: cannot find its own package.json');
    dir = parent;
  }
}

export function owsegVersion(): string {
  return findPackage().version;
}

/** The folder holding owseg's package.json (the repository, or the installed package). */
export function owsegPackageRoot(): string {
  return findPackage().root;
}
