/**
 * The busy indicator: what the server or the decoder is working on and for how long, ticking
 * every tenth of a second so long work is visibly alive.
 */
import { useEffect, useState } from 'preact/hooks';

export interface BusyState {
  label: string;
  started: number;
}

export function Busy({ busy }: { busy: BusyState | null }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [busy]);
  if (!busy) return null;
  const seconds = Math.max(0, (now - busy.started) / 1000);
  return (
    <div id="busy" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {busy.label} <span class="elapsed">{seconds.toFixed(1)} s</span>
    </div>
  );
}
