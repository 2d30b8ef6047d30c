/**
 * How much of each cell of a coarse grid laid over an image a mask covers, as an exact area
 * fraction (the mask's pixels are unit squares), so a mask smaller than a cell still counts.
 */
import type { Mask } from '../../core/mask.js';

/**
 * columns × rows cells over the mask's full extent, row-major; each value is the masked area inside
 * the cell over the cell's area, in [0, 1]. Cells need not align with pixels.
 */
export function cellCoverage(mask: Mask, columns: number, rows: number): Float64Array {
  const { width, height, data } = mask;
  // Summed-area table on pixel corners; within a pixel the mask is constant, so the area below any
  // real (x, y) is the bilinear interpolation of the table: exact, not an approximation.
  const table = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += data[y * width + x]!;
      table[(y + 1) * (width + 1) + x + 1] = table[y * (width + 1) + x + 1]! + rowSum;
    }
  }
  const areaBelow = (x: number, y: number): number => {
    const x0 = Math.min(Math.floor(x), width - 1);
    const y0 = Math.min(Math.floor(y), height - 1);
    const fx = x - x0;
    const fy = y - y0;
    const at = (i: number, j: number) => table[j * (width + 1) + i]!;
    return (1 - fx) * (1 - fy) * at(x0, y0) + fx * (1 - fy) * at(x0 + 1, y0) + (1 - fx) * fy * at(x0, y0 + 1) + fx * fy * at(x0 + 1, y0 + 1);
  };
  const cellWidth = width / columns;
  const cellHeight = height / rows;
  const out = new Float64Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    const y0 = r * cellHeight;
    const y1 = r === rows - 1 ? height : (r + 1) * cellHeight;
    for (let c = 0; c < columns; c++) {
      const x0 = c * cellWidth;
      const x1 = c === columns - 1 ? width : (c + 1) * cellWidth;
      const area = areaBelow(x1, y1) - areaBelow(x0, y1) - areaBelow(x1, y0) + areaBelow(x0, y0);
      out[r * columns + c] = Math.min(1, Math.max(0, area / ((x1 - x0) * (y1 - y0))));
    }
  }
  return out;
}
