/**
 * The benchmark harness behind `npm run bench`: every figure is printed beside a baseline
 * measured in the same run, so ratios stay meaningful on any machine.
 */

/** One measured figure and the baseline it is compared with. `ratio` = value / baseline.value. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline: { name: string; value: number };
  /** Free-text detail printed after the figure (sizes, counts). */
  note?: string;
}

/** A group of figures from one area of owseg (rle, images, models …). */
export interface BenchSuite {
  name: string;
  run(): Promise<Figure[]> | Figure[];
}

/**
 * Calls `fn` repeatedly for at least `minMs` (after one warm-up call) and returns calls per second.
 * `fn` should return something derived from its work so the engine cannot drop it.
 */
export function throughput(fn: () => unknown, minMs = 500): number {
  let sink: unknown = fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    sink = fn();
    calls++;
    elapsed = performance.now() - start;
  }
  keep(sink);
  return (calls * 1000) / elapsed;
}

/** Wall time of one call of `fn`, in seconds. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now();
  keep(await fn());
  return (performance.now() - start) / 1000;
}

let kept: unknown;
function keep(value: unknown): void {
  kept = value;
}
/** Exposed so the compiler sees `kept` read; never meaningful to callers. */
export function lastKept(): unknown {
  return kept;
}

/** Formats figures as a Markdown table (the README pastes it as is). */
export function formatTable(suite: string, figures: Figure[]): string {
  const rows = figures.map((f) => {
    const ratio = f.value / f.baseline.value;
    return `| ${suite} | ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit} | ${ratio.toFixed(2)}× |${f.note ? ` ${f.note} |` : ' |'}`;
  });
  return rows.join('\n');
}

function fmt(value: number): string {
  if (value >= 1000) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}
