/**
 * The server's error answers: one JSON shape `{ error: { code, message } }`, a status per kind of
 * failure, and the mapping from owseg's own errors, so bad input is never a 500 and never a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidInputError } from '../core/errors.js';
import { TooManyPixelsError, UnreadableImageError } from '../core/image/index.js';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'not_found'
  | 'too_large'
  | 'unsupported_media_type'
  | 'too_many_pixels'
  | 'queue_full'
  | 'shutting_down'
  | 'timeout'
  | 'cancelled'
  | 'internal';

export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Fastify's own error codes that mean the client sent something wrong, by status. */
const FASTIFY_CLIENT_ERRORS: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too_large'],
  FST_REQ_FILE_TOO_LARGE: [413, 'too_large'],
  FST_PARTS_LIMIT: [413, 'too_large'],
  FST_FILES_LIMIT: [413, 'too_large'],
  FST_FIELDS_LIMIT: [413, 'too_large'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported_media_type'],
};

/** What any thrown value becomes on the wire; `contentType` lets a refused body type be named. */
export function toHttpError(error: unknown, contentType?: string): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof TooManyPixelsError) return new HttpError(422, 'too_many_pixels', error.message);
  if (error instanceof UnreadableImageError) return new HttpError(415, 'unsupported_media_type', error.message);
  if (error instanceof InvalidInputError) return new HttpError(400, 'bad_request', error.message);
  const fastifyError = error as Partial<FastifyError>;
  const known = fastifyError.code === undefined ? undefined : FASTIFY_CLIENT_ERRORS[fastifyError.code];
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new HttpError(415, 'unsupported_media_type', `Content-Type ${contentType ?? '(none)'}: expected image/png, image/jpeg, image/webp, multipart/form-data, or application/json where a route takes JSON`);
  }
  if (known) return new HttpError(known[0], known[1], fastifyError.message ?? known[1]);
  if (fastifyError.validation) return new HttpError(400, 'bad_request', fastifyError.message ?? 'invalid request');
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, status === 404 ? 'not_found' : 'bad_request', fastifyError.message ?? 'bad request');
  return new HttpError(500, 'internal', 'internal error: the server logged the details');
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  return reply.code(error.status).headers(error.headers).type('application/json; charset=utf-8').send(body);
}

/** Fastify's error handler: 5xx are logged with their stack, the client sees only the code and message. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const http = toHttpError(error, request.headers['content-type']);
  if (http.status >= 500) request.log.error({ err: error }, 'request failed');
  return sendError(reply, http);
}
