/**
 * File extensions owseg takes for pictures when it lists a folder (`owseg dense <folder>`,
 * `owseg batch <folder>`): the formats sharp decodes that photo datasets use.
 */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.bmp']);

/** Whether `name` ends in one of {@link IMAGE_EXTENSIONS} (any case). */
export function hasImageExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.has(name.slice(dot).toLowerCase());
}
