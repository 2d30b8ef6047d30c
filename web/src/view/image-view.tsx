/**
 * The picture with its regions: pointer gestures become points, boxes, selection and hover, in
 * image pixels whatever size the canvas is shown at.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OwsegRegion } from '../../../src/core/formats/owseg-result.js';
import type { Box, Point, Prompt } from '../state/document.js';
import { drawScene } from './draw-scene.js';
import { regionAt } from './mask-layers.js';

export interface ImageViewProps {
  picture: ImageBitmap;
  regions: readonly OwsegRegion[];
  prompt: Prompt | null;
  hover: number | undefined;
  selected: ReadonlySet<number>;
  onHover: (id: number | undefined) => void;
  onPoint: (point: Point, label: number) => void;
  onBox: (box: Box) => void;
  onSelect: (id: number | undefined, additive: boolean) => void;
}

/** Screen pixels the pointer must travel before a press becomes a box drag rather than a click. */
const DRAG_THRESHOLD = 5;

export function ImageView(props: ImageViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const press = useRef<{ x: number; y: number; at: Point } | null>(null);
  const [draftBox, setDraftBox] = useState<Box | null>(null);
  const { picture, regions, prompt, hover, selected } = props;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) drawScene(ctx, picture, regions, { hover, selected, prompt, draftBox, labels: true });
  }, [picture, regions, prompt, hover, selected, draftBox]);

  /** The pixel under the pointer, as the centre of that pixel, clamped to the picture. */
  const toImage = (event: PointerEvent): Point => {
    const rect = canvas.current!.getBoundingClientRect();
    const x = Math.floor(((event.clientX - rect.left) * picture.width) / rect.width);
    const y = Math.floor(((event.clientY - rect.top) * picture.height) / rect.height);
    return [Math.min(Math.max(x, 0), picture.width - 1) + 0.5, Math.min(Math.max(y, 0), picture.height - 1) + 0.5];
  };
  const boxFrom = (a: Point, b: Point): Box => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
  const dragged = (start: { x: number; y: number }, event: PointerEvent) => Math.hypot(event.clientX - start.x, event.clientY - start.y) >= DRAG_THRESHOLD;

  return (
    <canvas
      ref={canvas}
      class="picture"
      width={picture.width}
      height={picture.height}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        (event.currentTarget as HTMLCanvasElement).setPointerCapture(event.pointerId);
        press.current = { x: event.clientX, y: event.clientY, at: toImage(event) };
      }}
      onPointerMove={(event) => {
        const at = toImage(event);
        if (press.current && dragged(press.current, event)) setDraftBox(boxFrom(press.current.at, at));
        else if (!press.current) props.onHover(regionAt(regions, Math.floor(at[0]), Math.floor(at[1]))?.id);
      }}
      onPointerUp={(event) => {
        const start = press.current;
        press.current = null;
        setDraftBox(null);
        if (!start) return;
        const at = toImage(event);
        if (dragged(start, event) && start.at[0] !== at[0] && start.at[1] !== at[1]) {
          props.onBox(boxFrom(start.at, at));
        } else if (event.shiftKey) {
          props.onSelect(regionAt(regions, Math.floor(at[0]), Math.floor(at[1]))?.id, event.ctrlKey || event.metaKey);
        } else {
          props.onPoint(start.at, event.altKey ? 0 : 1);
        }
      }}
      onPointerLeave={() => props.onHover(undefined)}
    />
  );
}
