/**
 * Where a batch run keeps each picture's owseg result inside its output folder: `results/` mirrors
 * the pictures' keys, so a folder of pictures gives a folder of results with the same layout.
 */
import { join } from 'node:path';

export const RESULTS_DIR = 'results';

/** `a/b.jpg` → `<out>/results/a/b.jpg.json`; `..` segments of listed paths stay inside the folder. */
export function resultPath(outDir: string, key: string): string {
  const segments = key
    .split(/[\\/]+/)
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => (segment === '..' ? '__' : segment));
  return join(outDir, RESULTS_DIR, `${segments.join('/')}.json`);
}
