/**
 * The masks `owseg name` is asked to name: regions of an annotation or result file for the
 * picture, or PNG mask images (any non-zero pixel is foreground), each checked against its size.
 */
import type { OwsegRegion } from '../core/formats/index.js';
import { InvalidInputError } from '../core/errors.js';
import type { RgbImage } from '../core/image/index.js';
import type { Mask } from '../core/mask.js';

/** Reads `paths` (one annotation/result JSON, or one or more PNG masks) into owseg result regions for `image`; `flag` names the option in errors. */
export async function readMaskInputs(paths: readonly string[], image: RgbImage, imagePath: string, imageId: number | undefined, flag = '--masks'): Promise<OwsegRegion[]> {
  const { readAnnotationFile, regionsForImage, regionFromMask } = await import('../core/formats/index.js');
  const jsonPaths = paths.filter((path) => path.toLowerCase().endsWith('.json'));
  if (jsonPaths.length > 0) {
    if (paths.length > 1) throw new InvalidInputError(flag, 'one JSON file, or PNG mask images', `got ${paths.length} paths including ${jsonPaths[0]}`);
    const file = await readAnnotationFile(paths[0]!);
    const regions = regionsForImage(file, { width: image.width, height: image.height, fileName: imagePath, ...(imageId === undefined ? {} : { imageId }) }, paths[0]);
    return regions.map((region, i) => regionFromMask(i + 1, region.mask, region.score === undefined ? {} : { score: region.score }));
  }
  const regions: OwsegRegion[] = [];
  for (const [i, path] of paths.entries()) regions.push(regionFromMask(i + 1, await readPngMask(path, image, `${flag}[${i}] ${path}`)));
  return regions;
}

async function readPngMask(path: string, image: RgbImage, field: string): Promise<Mask> {
  const { loadImage } = await import('../core/image/index.js');
  const picture = await loadImage(path);
  if (picture.width !== image.width || picture.height !== image.height) {
    throw new InvalidInputError(field, `a ${image.width}×${image.height} mask (the picture's size)`, `got ${picture.width}×${picture.height}`);
  }
  const data = new Uint8Array(image.width * image.height);
  for (let i = 0; i < data.length; i++) data[i] = picture.data[3 * i]! | picture.data[3 * i + 1]! | picture.data[3 * i + 2]! ? 1 : 0;
  if (!data.includes(1)) throw new InvalidInputError(field, 'a mask with at least one non-zero pixel', 'it is all zero');
  return { height: image.height, width: image.width, data };
}
