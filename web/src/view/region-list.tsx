/**
 * The regions as a list: colour, name, area. Hovering highlights the region on the picture,
 * clicking selects (Ctrl/Shift adds), double-click or R renames in place.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { OwsegRegion } from '../../../src/core/formats/owseg-result.js';
import type { Prompt } from '../state/document.js';
import { colorOf } from './mask-layers.js';

export interface RegionListProps {
  regions: readonly OwsegRegion[];
  hover: number | undefined;
  selected: ReadonlySet<number>;
  renaming: number | undefined;
  /** The region being drawn and what its prompt holds. */
  drawing: Prompt | null;
  onHover: (id: number | undefined) => void;
  onSelect: (id: number, additive: boolean) => void;
  onStartRename: (id: number) => void;
  onRename: (id: number, name: string | undefined) => void;
  onDelete: (id: number) => void;
}

export function RegionList(props: RegionListProps) {
  if (props.regions.length === 0) return <p class="empty">No regions yet: segment everything (S) or click on the picture.</p>;
  return (
    <ol class="regions" onMouseLeave={() => props.onHover(undefined)}>
      {props.regions.map((region) => (
        <li
          key={region.id}
          data-region-id={region.id}
          class={[props.hover === region.id ? 'hover' : '', props.selected.has(region.id) ? 'selected' : '', props.drawing?.regionId === region.id ? 'drawing' : ''].join(' ')}
          onMouseEnter={() => props.onHover(region.id)}
          onClick={(event) => props.onSelect(region.id, event.ctrlKey || event.metaKey || event.shiftKey)}
          onDblClick={() => props.onStartRename(region.id)}
        >
          <span class="swatch" style={{ background: colorOf(region) }} />
          {props.renaming === region.id ? (
            <RenameBox region={region} onDone={(name) => props.onRename(region.id, name)} />
          ) : (
            <span class={region.name ? 'name' : 'name unnamed'}>{region.name ?? `region ${region.id}`}</span>
          )}
          {props.drawing?.regionId === region.id && (
            <span class="prompt" title="the prompt of the region being drawn (Enter finishes it)">
              {promptSummary(props.drawing)}
            </span>
          )}
          <span class="area" title="area in pixels">
            {region.area}
          </span>
          <button
            type="button"
            class="delete"
            title="delete this region"
            onClick={(event) => {
              event.stopPropagation();
              props.onDelete(region.id);
            }}
          >
            ×
          </button>
        </li>
      ))}
    </ol>
  );
}

function promptSummary(prompt: Prompt): string {
  const points = prompt.points.length === 1 ? '1 point' : `${prompt.points.length} points`;
  return prompt.box ? (prompt.points.length > 0 ? `${points} + box` : 'box') : points;
}

/** Enter keeps the new name (an empty one removes it), Escape or leaving the box keeps the old one. */
function RenameBox({ region, onDone }: { region: OwsegRegion; onDone: (name: string | undefined) => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <input
      ref={input}
      class="rename"
      aria-label={`new name of region ${region.id}`}
      value={region.name ?? ''}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter') onDone(event.currentTarget.value);
        if (event.key === 'Escape') onDone(undefined);
      }}
      onBlur={() => onDone(undefined)}
      onClick={(event) => event.stopPropagation()}
    />
  );
}
