/**
 * The package root's `dense` and `rose` namespace: ROSE-style dense naming as tasks/dense exports
 * it, with models by name and free names mapped onto a closed vocabulary by a sentence embedder.
 */
import type { RgbImage } from '../core/image/index.js';
import { mapToVocabulary } from '../eval/open-vocab/index.js';
import type { TextEmbedder } from '../eval/text-embedding.js';
import { InvalidInputError } from '../core/errors.js';
import { readVocabulary, vocabularyClasses, type ClosedVocabulary } from '../eval/vocabularies/index.js';
import { dense as denseWithModels, type ClassifiedName, type DenseOptions, type DenseResult } from '../tasks/dense/index.js';
import { withResolvedModels, type ModelSourceOptions } from './model-source.js';
import { loadSentenceTransformer } from './text.js';

export * from '../tasks/dense/index.js';

/** A `classify` for dense(): each free name onto the vocabulary class whose synonyms its embedding is closest to. */
export function vocabularyClassifier(vocabulary: ClosedVocabulary, embedder: TextEmbedder): (names: string[]) => Promise<ClassifiedName[]> {
  const byId = new Map(vocabulary.classes.map((c) => [c.id, c]));
  return async (names) => {
    const matches = await mapToVocabulary(names, vocabularyClasses(vocabulary), { embedder });
    return matches.map((match) => {
      const chosen = byId.get(match.classId as number)!;
      return { label: chosen.label, isthing: chosen.isthing, categoryId: chosen.id };
    });
  };
}

export interface DenseModelOptions extends DenseOptions, ModelSourceOptions {
  /** Map the free names onto this closed list (`coco-panoptic`, `ade20k`, a JSON file, or a list); needs `embedder`. */
  vocabulary?: string | ClosedVocabulary;
  /** The sentence embedder for `vocabulary`: a loaded one, a folder, `minilm` or a Hub repo id. */
  embedder?: TextEmbedder | string;
}

/** A complete panoptic map with a generated name per segment; `sam` and `model` take folders, names or Hub repo ids. */
export async function dense(image: RgbImage, options: DenseModelOptions): Promise<DenseResult> {
  if (options.classify === undefined && options.vocabulary !== undefined && options.embedder === undefined) {
    throw new InvalidInputError('embedder', 'a sentence embedder (e.g. "minilm") to map names onto the vocabulary');
  }
  const resolved = await withResolvedModels(options);
  const classify = options.classify ?? (options.vocabulary === undefined ? undefined : await classifierFor(options));
  return denseWithModels(image, { ...resolved, ...(classify ? { classify } : {}) });
}

async function classifierFor(options: DenseModelOptions): Promise<(names: string[]) => Promise<ClassifiedName[]>> {
  const vocabulary = typeof options.vocabulary === 'string' ? await readVocabulary(options.vocabulary) : options.vocabulary!;
  const embedder = typeof options.embedder === 'string' ? await loadSentenceTransformer(options.embedder, options) : options.embedder!;
  return vocabularyClassifier(vocabulary, embedder);
}
