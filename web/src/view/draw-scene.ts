/**
 * Draws the picture with its regions, names and prompt onto a 2D canvas at image size. The screen
 * and the exported overlay PNG use the same drawing, so what is exported is what was seen.
 */
import type { OwsegRegion } from '../../../src/core/formats/owseg-result.js';
import type { Box, Prompt } from '../state/document.js';
import { maskLayer } from './mask-layers.js';

export interface SceneOptions {
  hover?: number | undefined;
  selected?: ReadonlySet<number>;
  prompt?: Prompt | null;
  /** The box being dragged, before it becomes part of the prompt. */
  draftBox?: Box | null;
  labels: boolean;
}

export function drawScene(ctx: CanvasRenderingContext2D, image: CanvasImageSource, regions: readonly OwsegRegion[], options: SceneOptions): void {
  const { width, height } = ctx.canvas;
  ctx.globalAlpha = 1;
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(image, 0, 0, width, height);
  const emphasised = (id: number) => id === options.hover || options.selected?.has(id) === true;
  for (const region of regions) {
    const layer = maskLayer(region);
    ctx.globalAlpha = region.id === options.hover ? 0.7 : options.hover !== undefined ? 0.25 : 0.45;
    ctx.drawImage(layer.fill, layer.x, layer.y);
    ctx.globalAlpha = emphasised(region.id) ? 1 : 0.7;
    ctx.drawImage(layer.edge, layer.x, layer.y);
  }
  ctx.globalAlpha = 1;
  if (options.labels) for (const region of regions) drawLabel(ctx, region, emphasised(region.id));
  if (options.prompt) drawPrompt(ctx, options.prompt);
  if (options.draftBox) drawBox(ctx, options.draftBox);
}

function drawLabel(ctx: CanvasRenderingContext2D, region: OwsegRegion, emphasised: boolean): void {
  const layer = maskLayer(region);
  if (!region.name || !layer.labelAt) return;
  const size = Math.max(11, Math.round(ctx.canvas.width / 60));
  ctx.font = `${emphasised ? 'bold ' : ''}${size}px system-ui, sans-serif`;
  const textWidth = ctx.measureText(region.name).width;
  const x = Math.min(Math.max(layer.labelAt[0] - textWidth / 2, 2), ctx.canvas.width - textWidth - 2);
  const y = Math.min(Math.max(layer.labelAt[1] - size / 2, 2), ctx.canvas.height - size - 2);
  ctx.fillStyle = 'rgb(0 0 0 / 0.65)';
  ctx.fillRect(x - 3, y - 2, textWidth + 6, size + 4);
  ctx.fillStyle = layer.color;
  ctx.fillRect(x - 3, y - 2, 3, size + 4);
  ctx.fillStyle = 'white';
  ctx.textBaseline = 'top';
  ctx.fillText(region.name, x, y);
}

function drawPrompt(ctx: CanvasRenderingContext2D, prompt: Prompt): void {
  const radius = Math.max(4, ctx.canvas.width / 160);
  prompt.points.forEach(([x, y], i) => {
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = prompt.labels[i] === 1 ? '#22c55e' : '#ef4444';
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = 'white';
    ctx.stroke();
  });
  if (prompt.box) drawBox(ctx, prompt.box);
}

function drawBox(ctx: CanvasRenderingContext2D, [x0, y0, x1, y1]: Box): void {
  ctx.setLineDash([6, 4]);
  ctx.lineWidth = 2;
  ctx.strokeStyle = 'white';
  ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
  ctx.setLineDash([]);
}
