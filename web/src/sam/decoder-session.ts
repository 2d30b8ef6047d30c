/**
 * The SAM decoder session of the page: GET /v1/sam/decoder.onnx once, opened on onnxruntime-web,
 * shared by every image; a failed load is forgotten so the next prompt tries again.
 */
import { getDecoder } from '../api/client.js';
import { forgetfulMemo } from '../forgetful-memo.js';
import { createWebSession } from './ort-session.js';

export const decoderSession = forgetfulMemo(() => getDecoder().then(createWebSession));
