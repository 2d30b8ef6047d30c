/**
 * The images of a batch run from its input: a folder (searched recursively by extension), a text
 * file of paths, or a COCO/LVIS file (its images and, for naming, its masks as regions).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { annotationMask, readAnnotationFile, regionFromMask, type OwsegRegion } from '../core/formats/index.js';
import { hasImageExtension, IMAGE_EXTENSIONS } from '../core/image/extensions.js';
import type { BatchTask } from './settings.js';

export interface BatchImage {
  /** Unique within the run and stable across runs: the journal, the result file and the merged file's order go by it. */
  key: string;
  /** Where the coordinator reads the picture (and a queue worker, when it is not sent inside the job). */
  path: string;
  /** The masks to name (task `name`), numbered from 1 in file order. */
  regions?: OwsegRegion[];
}

export interface InputOptions {
  task: BatchTask;
  /** Folder the file names of a COCO/LVIS input are relative to; default the JSON file's folder. */
  imagesDir?: string;
}

/** The run's images sorted by key; throws an InvalidInputError naming the input when it holds none or the task needs masks it lacks. */
export async function listBatchImages(input: string, options: InputOptions): Promise<BatchImage[]> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new InvalidInputError('<input>', 'a folder of pictures, a text file of paths or a COCO/LVIS JSON file', `${input} does not exist`);
  const images = info.isDirectory() ? await folderImages(input) : /\.json$/i.test(input) ? await annotatedImages(input, options) : await listedImages(input);
  if (options.task === 'name' && images.some((image) => image.regions === undefined)) {
    throw new InvalidInputError('<input>', 'for --task name, a COCO or LVIS file whose annotations are the masks to name', `${input} has no masks`);
  }
  if (images.length === 0) throw new InvalidInputError('<input>', `at least one picture (${[...IMAGE_EXTENSIONS].join(', ')})`, `${input} lists none`);
  const keys = new Set<string>();
  for (const image of images) {
    if (keys.has(image.key)) throw new InvalidInputError(`<input>: ${image.key}`, 'each picture once', 'it is listed twice');
    keys.add(image.key);
  }
  return images.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

async function folderImages(folder: string): Promise<BatchImage[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && hasImageExtension(entry.name))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { key: relative(folder, path).split(sep).join('/'), path };
    });
}

/** One path a line; blank lines and `#` comments are skipped; relative paths are relative to the list's folder. */
async function listedImages(listPath: string): Promise<BatchImage[]> {
  const lines = (await readFile(listPath, 'utf8')).split(/\r?\n/).map((line) => line.trim());
  return lines
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => ({ key: line, path: isAbsolute(line) ? line : join(dirname(listPath), line) }));
}

async function annotatedImages(jsonPath: string, options: InputOptions): Promise<BatchImage[]> {
  const file = await readAnnotationFile(jsonPath);
  if (file.format !== 'coco-instances' && file.format !== 'lvis') {
    throw new InvalidInputError(jsonPath, 'a COCO instances or LVIS file (images with file_name)', `it is a ${file.format} file`);
  }
  const { images, annotations } = file.data;
  const imagesDir = options.imagesDir ?? dirname(jsonPath);
  return images.map((record, index) => {
    const fileName = typeof record.file_name === 'string' && record.file_name !== '' ? record.file_name : undefined;
    if (fileName === undefined) throw new InvalidInputError(`${jsonPath}: images[${index}].file_name`, "the picture's file name");
    const image: BatchImage = { key: fileName, path: join(imagesDir, fileName) };
    if (options.task !== 'name') return image;
    const own = annotations.map((annotation, i) => ({ annotation, i })).filter(({ annotation }) => annotation.image_id === record.id);
    image.regions = own.map(({ annotation, i }, k) => regionFromMask(k + 1, annotationMask(annotation, record, `${jsonPath}: annotations[${i}].segmentation`)));
    return image;
  });
}
