/**
 * The two numpy routines whose floating-point results COCOeval's numbers depend on, reproduced
 * operation for operation so owseg's AP matches pycocotools to the last bit, not just closely.
 */

/**
 * np.linspace(start, stop, num) with endpoint: numpy computes i * step + start and then sets the
 * last value to stop exactly, so e.g. the ninth IoU threshold is 0.8999999999999999, not 0.9.
 */
export function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : i * step + start));
}

/** numpy's reduction buffer: np.add.reduce sums a float64 array in chunks of this many elements. */
const BUFFER = 8192;
/** numpy's pairwise summation switches to an 8-way unrolled loop below this many elements. */
const BLOCK = 128;

/**
 * np.mean of a float64 vector: 0 plus the pairwise sums of 8192-element chunks, divided by the
 * count. A plain running sum differs from it in the last bits on long vectors.
 */
export function numpyMean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += BUFFER) {
    sum += pairwiseSum(values, start, Math.min(BUFFER, values.length - start));
  }
  return sum / values.length;
}

/** numpy's pairwise_sum for doubles (loops_utils.h): the same splits and the same order of additions. */
function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[start + i]!;
    return sum;
  }
  if (n <= BLOCK) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => a[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    }
    let sum = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) sum += a[start + i]!;
    return sum;
  }
  const half = Math.floor(n / 2) - (Math.floor(n / 2) % 8);
  return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, n - half);
}
