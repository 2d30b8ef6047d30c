/**
 * The package root's `textModels` namespace: the sentence embedder as models/text exports it, with
 * `loadSentenceTransformer` also taking a model name (`minilm`) or a Hub repo id.
 */
import { loadSentenceTransformer as loadFolder, type SentenceTransformerEmbedder, type SentenceTransformerOptions } from '../models/text/index.js';
import { resolveSource, type ModelSourceOptions } from './model-source.js';

export * from '../models/text/index.js';

export interface LoadSentenceTransformerOptions extends SentenceTransformerOptions, ModelSourceOptions {}

export async function loadSentenceTransformer(model: string, options: LoadSentenceTransformerOptions = {}): Promise<SentenceTransformerEmbedder> {
  const source = await resolveSource(model, 'embedder', 'model', options);
  const modelFile = options.modelFile ?? source.embedderModelFile;
  return loadFolder(source.dir, { ...options, ...(modelFile ? { modelFile } : {}) });
}
