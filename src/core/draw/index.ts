/**
 * The drawing layer's public surface: segmentation overlays (fills, outlines, labels) and the
 * default region palette.
 */
export { drawOverlay, renderOverlayPng, type OverlayOptions, type OverlayPoint, type OverlayRegion } from './overlay.js';
export { heatMapOverlay, renderHeatMapPng, type HeatMap } from './heat-map.js';
export { PALETTE, regionColor, type Rgb } from './palette.js';
export { lineChartPng, type ChartSeries, type LineChartOptions } from './line-chart.js';
