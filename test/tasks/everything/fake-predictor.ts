/**
 * A deterministic stand-in for SAM, described as data so the Python oracle (tools/reference/amg_reference.py)
 * rebuilds the same model: a label image plus one rule per label (see the oracle's docstring).
 */
import type { RgbImage } from '../../../src/core/image/index.js';
import { officialSamPreprocess, samGeometry, UpscaleThresholder, type LogitThresholds } from '../../../src/models/sam/index.js';
import type { EncodedImage, PointPredictions, PromptPredictor } from '../../../src/tasks/everything/index.js';

export interface ObjectRule {
  /** Predicted IoU of mask 0 (the object), 1 (object + neighbour), 2 (object shrunk by a pixel). */
  iou: [number, number, number];
  /** The label whose pixels mask 1 adds. */
  neighbour: number;
  /** Soft edges: boundary pixels get ±edge instead of ±8 (lowers the stability score); null = hard. */
  edge: number | null;
}

export interface FakeScene {
  width: number;
  height: number;
  /** Row-major label per pixel, 0 … 255. */
  labels: number[];
  objects: Record<string, ObjectRule>;
}

const INSIDE = 8;
/** SAM's low-resolution logit side, and how many model-input pixels one low-res cell spans. */
const LOW_RES = 256;
const CELL = officialSamPreprocess.size / LOW_RES;

/** The picture of a scene: red = label, so the predictor reads labels back from any crop. */
export function sceneImage(scene: FakeScene): RgbImage {
  const data = new Uint8Array(scene.width * scene.height * 3);
  scene.labels.forEach((label, i) => {
    data[i * 3] = label;
    data[i * 3 + 1] = (label * 53) & 255;
    data[i * 3 + 2] = 128;
  });
  return { width: scene.width, height: scene.height, data };
}

/** What the fake saw, for tests on batching and encoding. */
export interface FakeLog {
  encodes: { width: number; height: number }[];
  batches: number[];
  /** Every point prompted, in encoded-image pixels, in call order. */
  points: number[];
}

export interface FakeOptions {
  log?: FakeLog;
  /**
   * Low-resolution mode: each map is sampled onto SAM's 256² logit grid and SAM's own upscaling
   * (owseg's UpscaleThresholder, as for a real SAM) brings it back to the crop's size.
   */
  lowRes?: boolean;
}

export function fakePredictor(objects: Record<string, ObjectRule>, { log, lowRes = false }: FakeOptions = {}): PromptPredictor {
  return {
    async encode(image: RgbImage): Promise<EncodedImage> {
      const { width, height } = image;
      const labels = new Int32Array(width * height);
      for (let i = 0; i < labels.length; i++) labels[i] = image.data[i * 3]!;
      log?.encodes.push({ width, height });
      const geometry = samGeometry({ width, height }, officialSamPreprocess);
      const upscaler = lowRes ? new UpscaleThresholder(LOW_RES, geometry) : undefined;
      // A map depends only on (label, k) within one image; computing each once keeps tests fast.
      const cache = new Map<string, Float32Array>();
      const mapOf = (label: number, rule: ObjectRule, k: number): Float32Array => {
        const key = `${label}/${k}`;
        let map = cache.get(key);
        if (!map) {
          map = regionLogits(labels, width, height, label, rule, k);
          if (lowRes) map = lowResPlane(map, width, height, geometry.inputSize);
          cache.set(key, map);
        }
        return map;
      };
      return {
        width,
        height,
        async predictPoints(pointsXY: Float64Array): Promise<PointPredictions> {
          const count = pointsXY.length / 2;
          log?.batches.push(count);
          log?.points.push(...pointsXY);
          const chosen: { label: number; rule: ObjectRule }[] = [];
          const iou = new Float32Array(count * 3);
          for (let p = 0; p < count; p++) {
            const x = Math.min(Math.max(Math.floor(pointsXY[p * 2]!), 0), width - 1);
            const y = Math.min(Math.max(Math.floor(pointsXY[p * 2 + 1]!), 0), height - 1);
            const label = labels[y * width + x]!;
            const rule = objects[String(label)];
            if (!rule) throw new Error(`fake predictor: no rule for label ${label}`);
            chosen.push({ label, rule });
            iou.set(rule.iou, p * 3);
          }
          return {
            count,
            masksPerPrompt: 3,
            iou,
            threshold: (index, thresholds, mask, rowCounts) => {
              const { label, rule } = chosen[Math.floor(index / 3)]!;
              const map = mapOf(label, rule, index % 3);
              if (upscaler) upscaler.threshold(map, thresholds, mask, rowCounts);
              else thresholdFullLogits(map, width, thresholds, mask, rowCounts);
            },
          };
        },
      };
    },
  };
}

function regionLogits(labels: Int32Array, width: number, height: number, label: number, rule: ObjectRule, k: number): Float32Array {
  const n = width * height;
  const member = new Uint8Array(n);
  for (let i = 0; i < n; i++) member[i] = labels[i] === label || (k === 1 && labels[i] === rule.neighbour) ? 1 : 0;
  const at = (m: Uint8Array, x: number, y: number, outside: number): number => (x < 0 || y < 0 || x >= width || y >= height ? outside : m[y * width + x]!);
  let region = member;
  if (k === 2) {
    region = new Uint8Array(n);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        region[i] = member[i]! & at(member, x - 1, y, 0) & at(member, x + 1, y, 0) & at(member, x, y - 1, 0) & at(member, x, y + 1, 0);
      }
    }
  }
  const logits = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const self = region[i]!;
      logits[i] = self ? INSIDE : -INSIDE;
      if (rule.edge === null) continue;
      // A neighbour outside the crop counts as equal to the pixel itself.
      const neighbours = [at(region, x - 1, y, self), at(region, x + 1, y, self), at(region, x, y - 1, self), at(region, x, y + 1, self)];
      if (neighbours.some((v) => v !== self)) logits[i] = self ? rule.edge : -rule.edge;
    }
  }
  return logits;
}

/**
 * The crop-sized map sampled at the centre of each low-res cell: cell (i, j) covers model-input
 * pixels 4i…4i + 3 and 4j…4j + 3, whose centre 4j + 2 maps to crop column floor((4j + 2) · width /
 * inputWidth) in integers; cells over the padding are outside (−8).
 */
function lowResPlane(map: Float32Array, width: number, height: number, input: { width: number; height: number }): Float32Array {
  const plane = new Float32Array(LOW_RES * LOW_RES).fill(-INSIDE);
  for (let i = 0; i < LOW_RES; i++) {
    const cy = CELL * i + CELL / 2;
    if (cy >= input.height) break;
    const y = Math.floor((cy * height) / input.height);
    for (let j = 0; j < LOW_RES; j++) {
      const cx = CELL * j + CELL / 2;
      if (cx >= input.width) break;
      plane[i * LOW_RES + j] = map[y * width + Math.floor((cx * width) / input.width)]!;
    }
  }
  return plane;
}

/** The PointPredictions.threshold contract on full-size logits, comparison by comparison. */
export function thresholdFullLogits(logits: Float32Array, width: number, thresholds: LogitThresholds, mask: Uint8Array, rowCounts: Int32Array): void {
  const height = logits.length / width;
  rowCounts.fill(0);
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    mask[i] = v > thresholds.mask ? 1 : 0;
    thresholds.counted.forEach((t, k) => {
      if (v > t) rowCounts[k * height + Math.floor(i / width)]!++;
    });
  }
}
