/**
 * SAM's normalised point grids (`build_point_grid`, `build_all_layer_point_grids`), reproduced to the
 * float64 bit. Hand-written: no maintained JS library implements SAM's everything-mode.
 */
import { InvalidInputError } from '../../core/errors.js';

/**
 * n × n points at (i + 0.5) / n, x varying fastest, as x, y pairs. The reference takes them from
 * `np.linspace(1/(2n), 1 - 1/(2n), n)`, so the values are `start + i × step` with the last one set
 * to `stop` — not exactly (i + 0.5) / n — and points must be computed the same way to match.
 */
export function buildPointGrid(n: number): Float64Array {
  const start = 1 / (2 * n);
  const stop = 1 - start;
  const side = new Float64Array(n);
  if (n === 1) {
    side[0] = start;
  } else {
    const step = (stop - start) / (n - 1);
    for (let i = 0; i < n; i++) side[i] = i * step + start;
    side[n - 1] = stop;
  }
  const points = new Float64Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      points[(row * n + col) * 2] = side[col]!;
      points[(row * n + col) * 2 + 1] = side[row]!;
    }
  }
  return points;
}

/** One grid per crop layer; layer i has `int(n / downscale^i)` points per side (possibly 0). */
export function buildLayerGrids(pointsPerSide: number, layers: number, downscale: number): Float64Array[] {
  const grids: Float64Array[] = [];
  for (let i = 0; i <= layers; i++) {
    const n = Math.trunc(pointsPerSide / downscale ** i);
    // The reference divides by zero building an empty grid; say which options caused it instead.
    if (n < 1) throw new InvalidInputError('pointsPerSide', `at least cropNPointsDownscaleFactor^cropNLayers = ${downscale ** layers}`, `layer ${i} would have no points`);
    grids.push(buildPointGrid(n));
  }
  return grids;
}
