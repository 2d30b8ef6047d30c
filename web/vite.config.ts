/**
 * Builds the labelling web app (web/) into dist/web/, which `owseg serve` ships at `/`. Paths are
 * relative so the app works under any prefix, and onnxruntime-web's wasm is emitted beside it.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
  },
});
