/**
 * The labelling web app's built files (dist/web) at `/`, served by @fastify/static (which refuses
 * paths outside the folder), cross-origin isolated so onnxruntime-web may use threads.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';

export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async () => {
      throw new HttpError(404, 'not_found', `the web app is not built (no ${join(webRoot, 'index.html')}); run npm run build in the owseg source, or use the /v1 API`);
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    index: ['index.html'],
    dotfiles: 'deny',
    setHeaders: (reply, path) => {
      reply.header('Cross-Origin-Opener-Policy', 'same-origin').header('Cross-Origin-Embedder-Policy', 'require-corp').header('X-Content-Type-Options', 'nosniff');
      // Vite names everything under assets/ by its content hash, so a browser may keep it for good (the ORT wasm is 14 MB).
      if (path.startsWith(join(webRoot, 'assets'))) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
}
