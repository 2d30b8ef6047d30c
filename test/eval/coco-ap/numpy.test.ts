/**
 * The numpy routines COCOeval's numbers pass through: np.mean's chunked pairwise summation must
 * agree with numpy to the last bit on vectors of every size class, where a running sum does not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linspace, numpyMean } from '../../../src/eval/coco-ap/numpy.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';

describe('numpy routines', () => {
  it('np.mean bit for bit, around each split of the pairwise sum and the 8192 buffer', () => {
    const random = seededRandom(8192);
    const lengths = [1, 2, 7, 8, 9, 15, 16, 127, 128, 129, 255, 256, 1000, 8191, 8192, 8193, 16385, 40401, 80800];
    const vectors = lengths.map((n) => Array.from({ length: n }, () => (random() < 0.3 ? 0 : Math.sqrt(random()))));
    const { means } = runOracle<{ means: number[] }>('coco_eval.py', { means: vectors });
    let runningSumDiffers = 0;
    vectors.forEach((vector, i) => {
      assert.equal(numpyMean(vector), means[i], `length ${vector.length}`);
      if (vector.reduce((s, v) => s + v, 0) / vector.length !== means[i]) runningSumDiffers++;
    });
    assert.ok(runningSumDiffers > 0, 'the data is such that summation order shows');
  });

  it('linspace gives the doubles numpy does, with the end point exact', () => {
    const thresholds = linspace(0.5, 0.95, 10);
    assert.equal(thresholds[8], 0.8999999999999999);
    assert.equal(thresholds[5], 0.75);
    assert.equal(thresholds[9], 0.95);
    assert.equal(linspace(0, 1, 101)[100], 1);
  });
});
