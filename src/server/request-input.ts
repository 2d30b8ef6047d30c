/**
 * What a task request carries: the picture (the whole body as image/*, or the multipart field
 * `image`), text fields, and masks as COCO RLE, each checked and refused with the field named.
 */
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../core/errors.js';
import { loadImage, type RgbImage } from '../core/image/index.js';
import type { Mask } from '../core/mask.js';
import { decode } from '../core/rle/index.js';
import { HttpError } from './errors.js';

export interface TaskInput {
  image: RgbImage;
  /** Multipart text fields by name (empty for a plain image body). */
  fields: Record<string, string>;
}

const PICTURE_EXPECTED = 'the picture as the whole body (Content-Type: image/png, image/jpeg or image/webp) or as the multipart field "image"';

/** Reads and decodes the request's picture; a body that is no image is 415, one over `maxPixels` is 422. */
export async function readTaskInput(request: FastifyRequest, maxPixels: number): Promise<TaskInput> {
  let bytes: Buffer | undefined;
  const fields: Record<string, string> = {};
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'image') throw new HttpError(400, 'bad_request', `multipart file field "${part.fieldname}": expected only the field "image"`);
        if (bytes !== undefined) throw new HttpError(400, 'bad_request', 'multipart field "image": expected one picture, got more');
        bytes = await part.toBuffer();
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (bytes === undefined) throw new HttpError(400, 'bad_request', `image: expected ${PICTURE_EXPECTED}; the multipart body has no "image" field`);
  } else if (Buffer.isBuffer(request.body)) {
    bytes = request.body;
  } else {
    throw new HttpError(415, 'unsupported_media_type', `body: expected ${PICTURE_EXPECTED}; got Content-Type ${request.headers['content-type'] ?? '(none)'}`);
  }
  const image = await loadImage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), { maxPixels });
  return { image, fields };
}

/** A required text field, trimmed and non-empty. */
export function textField(fields: Record<string, string>, name: string): string {
  const value = fields[name]?.trim();
  if (!value) throw new InvalidInputError(name, 'a non-empty multipart text field');
  return value;
}

/** The multipart field `name` as masks: a JSON array of COCO RLE `{ size: [h, w], counts }`, each of the image's size. */
export function masksField(fields: Record<string, string>, name: string, image: RgbImage, options: { required: boolean }): Mask[] | undefined {
  const text = fields[name];
  if (text === undefined) {
    if (options.required) throw new InvalidInputError(name, 'a multipart field holding a JSON array of COCO RLE { size: [h, w], counts }');
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(name, 'a JSON array of COCO RLE { size: [h, w], counts }', `not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new InvalidInputError(name, 'a JSON array of COCO RLE { size: [h, w], counts }', `got ${typeof parsed}`);
  return parsed.map((rle: unknown, i) => {
    const mask = decode(rle as Parameters<typeof decode>[0], `${name}[${i}]`);
    if (mask.width !== image.width || mask.height !== image.height) {
      throw new InvalidInputError(`${name}[${i}].size`, `the image's size [${image.height}, ${image.width}]`, `got [${mask.height}, ${mask.width}]`);
    }
    return mask;
  });
}
