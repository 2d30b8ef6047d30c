/**
 * Which of a decoder's exported masks a caller gets: SAM's multimask_output rule over the official
 * decoder's four mask tokens, and the nearest equivalent for exports that only return three.
 */

export interface DecodedMasks {
  /** P×M predicted IoU. */
  iou: Float32Array;
  /** P×M×maskSize² low-resolution logits. */
  lowResLogits: Float32Array;
  masksPerPrompt: number;
}

/**
 * `exported` masks per prompt came out of the decoder. Four (the official export without
 * --return-single-mask): SAM's predictor keeps tokens 1–3 for multimask and token 0 otherwise.
 * Three (transformers.js exports, traced with multimask_output=True): all three, or for a single
 * mask the one with the highest predicted IoU, since token 0 was not exported. One (an export with
 * --return-single-mask, which already chose by its own rule): that one.
 */
export function selectMasks(iou: Float32Array, lowRes: Float32Array, count: number, exported: number, planeSize: number, multimask: boolean): DecodedMasks {
  const pick = (p: number): number[] => {
    if (exported === 1) return [0];
    if (exported === 4) return multimask ? [1, 2, 3] : [0];
    if (multimask) return Array.from({ length: exported }, (_, m) => m);
    let best = 0;
    for (let m = 1; m < exported; m++) if (iou[p * exported + m]! > iou[p * exported + best]!) best = m;
    return [best];
  };
  const perPrompt = pick(0).length;
  if (perPrompt === exported) return { iou, lowResLogits: lowRes, masksPerPrompt: exported };
  const outIou = new Float32Array(count * perPrompt);
  const outLogits = new Float32Array(count * perPrompt * planeSize);
  for (let p = 0; p < count; p++) {
    for (const [j, m] of pick(p).entries()) {
      outIou[p * perPrompt + j] = iou[p * exported + m]!;
      const from = (p * exported + m) * planeSize;
      outLogits.set(lowRes.subarray(from, from + planeSize), (p * perPrompt + j) * planeSize);
    }
  }
  return { iou: outIou, lowResLogits: outLogits, masksPerPrompt: perPrompt };
}
