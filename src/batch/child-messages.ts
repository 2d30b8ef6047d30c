/**
 * The messages between a local batch run and its child processes (over Node's IPC channel with
 * structured-clone serialisation, so results cross as plain objects).
 */
import type { OwsegResult } from '../core/formats/index.js';
import type { BatchImage } from './inputs.js';
import type { BatchSettings } from './settings.js';

export type ToChild = { type: 'init'; settings: BatchSettings; threads?: number } | { type: 'image'; image: BatchImage };

export type FromChild =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'done'; key: string; result: OwsegResult }
  | { type: 'failed'; key: string; reason: string };
