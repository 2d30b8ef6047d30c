/**
 * SAM's crop boxes (`generate_crop_boxes`): the whole image, then per layer k a 2^k × 2^k grid of
 * overlapping crops, in the reference's integer arithmetic. Hand-written: no maintained JS library implements SAM's everything-mode.
 */

/** [x0, y0, x1, y1], x1 and y1 exclusive. */
export type XyxyBox = [number, number, number, number];

export interface CropBox {
  box: XyxyBox;
  layer: number;
}

/**
 * Layer 0 is the whole image. Layer k ≥ 1 has n = 2^k crops per side, overlapping by
 * `int(ratio × shortSide × 2 / n)` pixels, each `ceil((overlap × (n − 1) + side) / n)` long,
 * starting at `int((len − overlap) × i)` and clipped to the image. The order is the reference's
 * (`itertools.product(x0s, y0s)`: all crops of the first column first), which matters because
 * ties in the cross-crop NMS are broken by position in this list.
 */
export function generateCropBoxes(width: number, height: number, layers: number, overlapRatio: number): CropBox[] {
  const boxes: CropBox[] = [{ box: [0, 0, width, height], layer: 0 }];
  const shortSide = Math.min(width, height);
  for (let layer = 1; layer <= layers; layer++) {
    const perSide = 2 ** layer;
    // Evaluated left to right as Python does: (ratio × short) × (2 / n), then truncated.
    const overlap = Math.trunc(overlapRatio * shortSide * (2 / perSide));
    const cropW = cropLength(width, perSide, overlap);
    const cropH = cropLength(height, perSide, overlap);
    for (let i = 0; i < perSide; i++) {
      const x0 = Math.trunc((cropW - overlap) * i);
      for (let j = 0; j < perSide; j++) {
        const y0 = Math.trunc((cropH - overlap) * j);
        boxes.push({ box: [x0, y0, Math.min(x0 + cropW, width), Math.min(y0 + cropH, height)], layer });
      }
    }
  }
  return boxes;
}

function cropLength(length: number, crops: number, overlap: number): number {
  return Math.ceil((overlap * (crops - 1) + length) / crops);
}
