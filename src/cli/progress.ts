/**
 * The progress bar every long-running command shows on stderr (cli-progress), and nothing at all
 * when stderr is not a terminal, so piped output and CI logs stay clean.
 */

export interface ProgressBar {
  /** Moves the bar to `value` of `total`; `payload` fills the `{names}` of the format. */
  update(value: number, total: number, payload?: Record<string, unknown>): void;
  stop(): void;
}

/** A bar drawn with `format` (cli-progress tokens such as `{bar}`, `{percentage}`, `{eta_formatted}`, plus payload names). */
export async function progressBar(format: string): Promise<ProgressBar> {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar({ format, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  return {
    update: (value, total, payload = {}) => {
      if (stopped) return;
      if (!started) {
        bar.start(total, value, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
