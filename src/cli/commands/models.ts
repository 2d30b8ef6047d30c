/**
 * `owseg models`: what the Hub cache and owseg's pack cache hold (name, repo, commit, size, state),
 * `owseg models --names` the short names owseg knows, and `owseg models rm <model>…` to free space.
 */
import type { Command } from 'commander';
import { action } from '../action.js';
import { formatBytes } from '../format.js';

interface ModelsFlags {
  json?: boolean;
  names?: boolean;
}

export function registerModels(program: Command): void {
  const models = program
    .command('models')
    .description('list the models in the cache (or, with --names, the model names owseg knows); rm removes them')
    .option('--json', 'print the list as JSON')
    .option('--names', "list owseg's model names and the Hub repos behind them")
    .action(
      action(async (flags: ModelsFlags) => {
        const { MODEL_NAMES, listCachedModels, hubSettings } = await import('../../hub/index.js');
        if (flags.names) {
          if (flags.json) return void process.stdout.write(`${JSON.stringify(MODEL_NAMES, null, 2)}\n`);
          const rows = MODEL_NAMES.map((m) => [m.name, m.repo, m.family, m.description]);
          return void process.stdout.write(table(['NAME', 'REPO', 'FAMILY', 'WHAT'], rows));
        }
        const cached = await listCachedModels();
        if (flags.json) return void process.stdout.write(`${JSON.stringify(cached, null, 2)}\n`);
        const settings = hubSettings();
        if (cached.length === 0) return void process.stdout.write(`no models in ${settings.cacheDir} (owseg pull <model> downloads one)\n`);
        const rows = cached.map((m) => [
          m.name ?? '-',
          m.repo,
          m.commit.slice(0, 12) + (m.refs.length > 0 ? ` (${m.refs.join(', ')})` : ''),
          formatBytes(m.bytes) + packSizes(m.packs),
          m.state + (m.dtypes.length > 0 ? ` (${m.dtypes.join(', ')})` : ''),
        ]);
        process.stdout.write(table(['NAME', 'REPO', 'COMMIT', 'SIZE', 'STATE'], rows));
        process.stdout.write(`\nHub cache ${settings.cacheDir}; packs in ${settings.owsegCacheDir}\n`);
      }),
    );
  models
    .command('rm')
    .description('remove models (every cached commit, and their converted packs) from the caches')
    .argument('<models...>', 'model names or Hub repo ids')
    .action(
      action(async (specs: string[]) => {
        const { removeCachedModel } = await import('../../hub/index.js');
        for (const spec of specs) {
          const removed = await removeCachedModel(spec);
          process.stdout.write(`${spec}: removed ${removed.repo}, ${formatBytes(removed.bytes)} freed\n`);
        }
      }),
    );
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** ` + pack 3.51 GiB` for the usual fp32 pack alone, ` + packs fp32 3.51 GiB, int4 619.0 MiB` otherwise. */
function packSizes(packs: readonly { weights: string; bytes: number }[]): string {
  if (packs.length === 0) return '';
  if (packs.length === 1 && packs[0]!.weights === 'fp32') return ` + pack ${formatBytes(packs[0]!.bytes)}`;
  return ` + packs ${packs.map((p) => `${p.weights} ${formatBytes(p.bytes)}`).join(', ')}`;
}
