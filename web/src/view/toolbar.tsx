/**
 * The toolbar: every button runs the same action as its keyboard shortcut (shown as its tooltip),
 * enabled only when the action has something to work on.
 */
import type { Action } from '../shortcuts.js';

export interface ToolbarProps {
  hasPicture: boolean;
  naming: boolean;
  canUndo: boolean;
  selectedCount: number;
  run: (action: Action) => void;
}

export function Toolbar({ hasPicture, naming, canUndo, selectedCount, run }: ToolbarProps) {
  const button = (id: string, action: Action, keys: string, label: string, enabled = hasPicture) => (
    <button type="button" id={id} disabled={!enabled} onClick={() => run(action)} title={keys}>
      {label}
    </button>
  );
  return (
    <header>
      <h1>owseg</h1>
      {button('open', 'open', 'O', 'Open image', true)}
      {button('segment', 'segment', 'S', naming ? 'Segment & name everything' : 'Segment everything')}
      {naming && button('name', 'name', 'L', 'Name regions')}
      {button('undo', 'undo', 'Ctrl+Z', 'Undo', canUndo)}
      {button('merge', 'merge', 'M', 'Merge', selectedCount >= 2)}
      {button('delete', 'delete', 'Del', 'Delete', selectedCount > 0)}
      <span class="spacer" />
      {button('export-coco', 'exportCoco', 'C', 'COCO JSON')}
      {button('export-owseg', 'exportOwseg', 'J', 'owseg JSON')}
      {button('export-png', 'exportPng', 'P', 'Overlay PNG')}
      {button('help-button', 'help', '?', '?', true)}
    </header>
  );
}
