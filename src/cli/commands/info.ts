/**
 * `owseg info <file>`: detects which annotation or result format a file is and prints what it
 * holds, as aligned text or (`--json`) as the library's summary object.
 */
import type { Command } from 'commander';
import type {
  CategoryCount,
  FileSummary,
  NumberStats,
  Range,
  SegmentationCounts,
} from '../../core/formats/summary.js';
import { action } from '../action.js';

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('summarise an annotation or result file: COCO instances, COCO results, LVIS or owseg result')
    .argument('<file>', 'JSON file to summarise')
    .option('--json', 'print the summary as JSON')
    .action(
      action(async (file: string, options: { json?: boolean }) => {
        // Loaded on use: zod and the format modules would otherwise slow every owseg command's start.
        const { readAnnotationFile } = await import('../../core/formats/detect.js');
        const { summarize } = await import('../../core/formats/summary.js');
        const summary = summarize(await readAnnotationFile(file));
        process.stdout.write(options.json ? `${JSON.stringify({ file, ...summary }, null, 2)}\n` : formatSummary(file, summary));
      }),
    );
}

type Row = [label: string, value: string];

const formatNames: Record<FileSummary['format'], string> = {
  'coco-instances': 'COCO instances',
  lvis: 'LVIS',
  'coco-results': 'COCO results',
  'owseg-result': 'owseg result',
};

function formatSummary(file: string, summary: FileSummary): string {
  const rows: Row[] = [['file', file]];
  const sections: string[] = [];
  switch (summary.format) {
    case 'coco-instances':
    case 'lvis':
      rows.push(
        ['format', formatNames[summary.format]],
        ['images', String(summary.images)],
        ['annotations', String(summary.annotations)],
        ['crowd', String(summary.crowd)],
        ['categories', String(summary.categories)],
        ['segmentation', kinds(summary.segmentation)],
        ['area', stats(summary.area)],
      );
      if (summary.frequency) {
        const { r, c, f } = summary.frequency;
        sections.push(
          table(['frequency', 'categories', 'annotations'], [
            ['rare', String(r.categories), String(r.annotations)],
            ['common', String(c.categories), String(c.annotations)],
            ['frequent', String(f.categories), String(f.annotations)],
          ]),
        );
      }
      sections.push(categoryTable(summary.topCategories, 'annotations'));
      break;
    case 'coco-results':
      rows.push(
        ['format', formatNames[summary.format]],
        ['results', String(summary.results)],
        ['images', String(summary.images)],
        ['categories', String(summary.categories)],
        ['segmentation', kinds(summary.segmentation)],
        ['area', stats(summary.area)],
        ['score', range(summary.score)],
      );
      sections.push(categoryTable(summary.topCategories, 'results'));
      break;
    case 'owseg-result': {
      const { image, model } = summary;
      const size = `${image.width} x ${image.height}`;
      const details = model ? [model.family, model.pack && `pack ${model.pack}`].filter(Boolean).join(', ') : '';
      rows.push(
        ['format', `${formatNames[summary.format]} (version ${summary.version})`],
        ['image', image.path ? `${image.path} (${size})` : size],
        ['model', model ? `${model.name}${details ? ` (${details})` : ''}` : '-'],
        ['task', summary.task ?? '-'],
        ['regions', String(summary.regions)],
        ['named', String(summary.named)],
        ['unnamed', String(summary.unnamed)],
        ['area', stats(summary.area)],
        ['score', range(summary.score)],
      );
      if (summary.topNames.length > 0) {
        sections.push(table(['top names', 'regions'], summary.topNames.map(({ name, count }) => [name, String(count)])));
      }
      break;
    }
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const head = rows.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n');
  return [head, ...sections.filter((s) => s !== '')].join('\n\n') + '\n';
}

function categoryTable(top: readonly CategoryCount[], unit: string): string {
  if (top.length === 0) return '';
  const label = (c: CategoryCount) => (c.name === null ? `category ${c.id}` : `${c.name} (${c.id})`);
  return table(['top categories', unit], top.map((c) => [label(c), String(c.count)]));
}

/** A header line and indented rows; the first column left-aligned, the rest right-aligned. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length - (i === 0 ? 2 : 0), ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], indent: string) =>
    indent + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i]!))).join('  ');
  const [first, ...rest] = header;
  const headerLine = `${first!.padEnd(widths[0]! + 2)}  ${rest.map((h, i) => h.padStart(widths[i + 1]!)).join('  ')}`;
  return [headerLine.trimEnd(), ...rows.map((r) => line(r, '  ').trimEnd())].join('\n');
}

function kinds(counts: SegmentationCounts): string {
  return `${counts.polygon} polygon, ${counts.rle} compressed RLE, ${counts.uncompressedRle} uncompressed RLE`;
}

function stats(value: NumberStats | null): string {
  return value ? `min ${num(value.min)}, median ${num(value.median)}, max ${num(value.max)}` : '-';
}

function range(value: Range | null): string {
  return value ? `${num(value.min, 3)} to ${num(value.max, 3)}` : '-';
}

/** Integers as they are, other numbers rounded for reading (the JSON output keeps full precision). */
function num(value: number, digits = 2): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(digits)));
}
