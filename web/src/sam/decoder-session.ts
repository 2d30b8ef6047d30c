/**
 * The SAM decoder session of the page: GET /v1/sam/decoder.onnx once, opened on onnxruntime-web,
 * shared by every image; a failed load is forgotten so the next prompt tries again.
 */
import type { Session } from '../../../src/onnx/session-types.js';
import { getDecoder } from '../api/client.js';
import { createWebSession } from './ort-session.js';

let decoder: Promise<Session> | undefined;

export function decoderSession(): Promise<Session> {
  decoder ??= getDecoder().then(createWebSession);
  decoder.catch(() => {
    decoder = undefined;
  });
  return decoder;
}
