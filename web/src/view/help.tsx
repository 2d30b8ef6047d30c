/**
 * The help panel: every keyboard shortcut and mouse gesture, from the same table the key handler uses.
 */
import { GESTURES, SHORTCUTS } from '../shortcuts.js';

export function Help({ onClose }: { onClose: () => void }) {
  return (
    <aside id="help" aria-label="keyboard shortcuts">
      <button type="button" class="close" onClick={onClose} title="close (?)">
        ×
      </button>
      <h2>Mouse</h2>
      <dl>
        {GESTURES.map((g) => [<dt key={`${g.keys}-k`}>{g.keys}</dt>, <dd key={`${g.keys}-w`}>{g.what}</dd>])}
      </dl>
      <h2>Keys</h2>
      <dl>
        {SHORTCUTS.map((s) => [<dt key={`${s.action}-k`}>{s.keys}</dt>, <dd key={`${s.action}-w`}>{s.what}</dd>])}
      </dl>
    </aside>
  );
}
