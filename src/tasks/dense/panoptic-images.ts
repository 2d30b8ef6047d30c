/**
 * A set of dense maps bound for one COCO panoptic file: each map with its image id and file name,
 * checked together so ids and PNG names cannot collide once written.
 */
import { InvalidInputError } from '../../core/errors.js';
import { checkNamedIdMap, type NamedIdMap, type SegmentStat } from './dense-map.js';

export interface PanopticImageInput {
  /** The COCO image id: an integer, or a string as Cityscapes panoptic writes them. */
  id: number | string;
  /** The photo's file name, e.g. `000000000139.jpg`; its PNG is the same name ending in `.png`. */
  fileName: string;
  map: NamedIdMap;
}

/** `000000000139.jpg` → `000000000139.png`, as COCO panoptic names the PNG after the photo. */
export function pngNameOf(fileName: string): string {
  return `${fileName.replace(/\.[^.]*$/, '')}.png`;
}

/** Checks the whole set and returns each image's per-segment area and box, in input order. */
export function checkPanopticImages(images: readonly PanopticImageInput[], field: string): Map<number, SegmentStat>[] {
  if (!Array.isArray(images) || images.length === 0) throw new InvalidInputError(field, 'a non-empty array of images');
  const ids = new Set<number | string>();
  const pngs = new Set<string>();
  return images.map((image, i) => {
    const at = `${field}[${i}]`;
    if (typeof image !== 'object' || image === null) throw new InvalidInputError(at, 'an object { id, fileName, map }');
    if (!(Number.isInteger(image.id) || (typeof image.id === 'string' && image.id !== ''))) {
      throw new InvalidInputError(`${at}.id`, 'an integer or a non-empty string', `got ${String(image.id)}`);
    }
    if (ids.has(image.id)) throw new InvalidInputError(`${at}.id`, 'an image id used once', `${image.id} is repeated`);
    ids.add(image.id);
    const { fileName } = image;
    // The PNG goes straight into the PNG folder, so the name must not lead out of it.
    if (typeof fileName !== 'string' || !/^[^/\\]*[^./\\][^/\\]*$/.test(fileName) || pngNameOf(fileName).startsWith('.')) {
      throw new InvalidInputError(`${at}.fileName`, 'a file name without folders, e.g. 000000000139.jpg', `got ${JSON.stringify(fileName)}`);
    }
    const png = pngNameOf(fileName);
    if (pngs.has(png)) throw new InvalidInputError(`${at}.fileName`, 'a name whose PNG no other image shares', `${png} is taken`);
    pngs.add(png);
    return checkNamedIdMap(image.map, `${at}.map`);
  });
}
