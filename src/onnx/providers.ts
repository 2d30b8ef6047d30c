/**
 * Which execution providers this onnxruntime-node build can use, found before a session is created
 * so a missing GPU provider is reported plainly instead of as ORT's library-loading log.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { InvalidInputError } from '../core/errors.js';

export type ExecutionProvider = 'cpu' | 'cuda' | 'webgpu';

export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'cuda', 'webgpu'];

// The binding reports providers compiled in; "bundled: false" ones (CUDA, TensorRT) need shared
// libraries that npm fetches only when installed with --onnxruntime-node-install=cuda12.
function bindingDirectory(): string {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

function providerLibrary(name: string): string {
  return process.platform === 'win32' ? `onnxruntime_providers_${name}.dll` : `libonnxruntime_providers_${name}.so`;
}

function isUsable(backend: { name: string; bundled: boolean }): boolean {
  return backend.bundled || existsSync(join(bindingDirectory(), providerLibrary(backend.name)));
}

/** The providers owseg supports that this installation can load (a GPU may still be missing at run time). */
export function availableExecutionProviders(): ExecutionProvider[] {
  const usable = new Set(ort.listSupportedBackends().filter(isUsable).map((b) => b.name));
  return EXECUTION_PROVIDERS.filter((p) => usable.has(p));
}

/** Throws InvalidInputError, saying what is available and why, unless `provider` can be used. */
export function requireExecutionProvider(provider: string): asserts provider is ExecutionProvider {
  const available = availableExecutionProviders();
  const expected = `an execution provider available here (${available.join(', ')})`;
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(provider)) {
    throw new InvalidInputError('executionProvider', expected, `owseg does not know "${provider}"; it supports ${EXECUTION_PROVIDERS.join(', ')}`);
  }
  if (available.includes(provider as ExecutionProvider)) return;
  const backend = ort.listSupportedBackends().find((b) => b.name === provider);
  const detail =
    backend === undefined
      ? `this onnxruntime-node build for ${process.platform}-${process.arch} has no ${provider} provider`
      : `the ${provider} provider libraries are not installed; reinstall onnxruntime-node with --onnxruntime-node-install=cuda12 on a machine with CUDA 12`;
  throw new InvalidInputError('executionProvider', expected, detail);
}
