/**
 * The OpenAPI parts every task route shares: how the picture is sent, the owseg result answer and
 * the error answers, so /openapi.json describes each route completely.
 */

const errorBody = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
  required: ['error'],
} as const;

/** Error answers by status, as docs/serve.md lists them. */
export const errorResponses = {
  400: { description: 'a field is missing or malformed; the message names it', ...errorBody },
  401: { description: 'the API key is missing or wrong', ...errorBody },
  404: { description: "the route's model is not loaded", ...errorBody },
  413: { description: 'the body is over the limit', ...errorBody },
  415: { description: 'the body is not an image owseg decodes', ...errorBody },
  422: { description: 'the picture is over the pixel limit', ...errorBody },
  429: { description: "the model's queue is full; Retry-After says when to retry", ...errorBody },
  503: { description: 'the server is shutting down', ...errorBody },
  504: { description: 'the work took longer than the timeout', ...errorBody },
} as const;

/** An owseg result file (docs/result-format.md); additional properties pass through unchanged. */
export const resultResponse = {
  200: { description: 'an owseg result (format "owseg.result", version 1)', type: 'object', additionalProperties: true },
  ...errorResponses,
} as const;

/** Summary, description and the two ways a picture may come. */
export function taskRouteSchema(summary: string, description: string) {
  return {
    summary,
    description: `${description} The picture is the whole body (image/png, image/jpeg, image/webp) or the multipart field "image".`,
    consumes: ['image/png', 'image/jpeg', 'image/webp', 'multipart/form-data'],
  };
}
