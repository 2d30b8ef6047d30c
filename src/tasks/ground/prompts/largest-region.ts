/**
 * Step 2 of Segment Anyword's prompts: the thresholded attention usually breaks into blobs, and
 * only the largest one is trusted as the word's object.
 */
import { checkConnectivity, type Connectivity } from '../../../core/bitmap/args.js';
import { componentStats, connectedComponents } from '../../../core/bitmap/components.js';
import { InvalidInputError } from '../../../core/errors.js';
import { assertMask, type Mask } from '../../../core/mask.js';

/**
 * The largest connected component of `mask` as a mask of the same size. Equal areas go to the
 * lowest label, i.e. the component whose first pixel comes first in raster order. An empty mask
 * has no region and is refused.
 */
export function largestRegion(mask: Mask, connectivity: Connectivity = 8): Mask {
  assertMask(mask);
  checkConnectivity(connectivity, 'connectivity');
  const components = connectedComponents(mask, connectivity);
  if (components.count === 0) throw new InvalidInputError('mask', 'at least one foreground pixel');
  let best = { label: 0, area: 0 };
  for (const stat of componentStats(components)) if (stat.area > best.area) best = stat;
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = components.labels[i] === best.label ? 1 : 0;
  return { height: mask.height, width: mask.width, data };
}
