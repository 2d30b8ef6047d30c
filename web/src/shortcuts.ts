/**
 * The keyboard shortcuts: one table that both the key handler and the help panel read, so the
 * documented keys are always the working ones.
 */

export type Action =
  | 'open'
  | 'segment'
  | 'name'
  | 'finish'
  | 'cancel'
  | 'undo'
  | 'rename'
  | 'delete'
  | 'merge'
  | 'selectAll'
  | 'text'
  | 'exportCoco'
  | 'exportOwseg'
  | 'exportPng'
  | 'help';

export interface Shortcut {
  action: Action;
  /** As shown to the user. */
  keys: string;
  what: string;
  matches: (event: KeyboardEvent) => boolean;
}

const plain = (key: string) => (e: KeyboardEvent) => e.key.toLowerCase() === key && !e.ctrlKey && !e.metaKey && !e.altKey;
const command = (key: string) => (e: KeyboardEvent) => e.key.toLowerCase() === key && (e.ctrlKey || e.metaKey) && !e.shiftKey;

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'open', keys: 'O', what: 'open an image', matches: plain('o') },
  { action: 'segment', keys: 'S', what: 'segment everything (and name it when a naming model is loaded)', matches: plain('s') },
  { action: 'name', keys: 'L', what: 'name the unnamed regions', matches: plain('l') },
  { action: 'finish', keys: 'Enter / N', what: 'finish the region being drawn; the next click starts a new one', matches: (e) => e.key === 'Enter' || plain('n')(e) },
  { action: 'cancel', keys: 'Esc', what: 'drop the region being drawn, or clear the selection', matches: (e) => e.key === 'Escape' },
  { action: 'undo', keys: 'Ctrl+Z / U', what: 'undo', matches: (e) => command('z')(e) || plain('u')(e) },
  { action: 'rename', keys: 'R / F2', what: 'rename the selected region', matches: (e) => plain('r')(e) || e.key === 'F2' },
  { action: 'delete', keys: 'Del / Backspace', what: 'delete the selected regions', matches: (e) => e.key === 'Delete' || e.key === 'Backspace' },
  { action: 'merge', keys: 'M', what: 'merge the selected regions into one', matches: plain('m') },
  { action: 'selectAll', keys: 'Ctrl+A', what: 'select every region', matches: command('a') },
  { action: 'text', keys: '/', what: 'type a phrase to ground or refer to', matches: (e) => e.key === '/' },
  { action: 'exportCoco', keys: 'C', what: 'export COCO JSON', matches: plain('c') },
  { action: 'exportOwseg', keys: 'J', what: 'export owseg JSON', matches: plain('j') },
  { action: 'exportPng', keys: 'P', what: 'export the overlay PNG', matches: plain('p') },
  { action: 'help', keys: '?', what: 'show or hide this help', matches: (e) => e.key === '?' },
];

/** Mouse gestures on the picture, listed in the help beside the keys. */
export const GESTURES: readonly { keys: string; what: string }[] = [
  { keys: 'Click', what: 'add a positive point to the region being drawn (the first click starts one)' },
  { keys: 'Alt+Click', what: 'add a negative point' },
  { keys: 'Drag', what: 'draw a box around the region' },
  { keys: 'Shift+Click', what: 'select the region under the pointer (Ctrl+Shift adds to the selection)' },
];

export function shortcutFor(event: KeyboardEvent): Action | undefined {
  return SHORTCUTS.find((s) => s.matches(event))?.action;
}
