/**
 * Open-vocabulary mapping: a free-form name onto a fixed class list by sentence-embedding cosine
 * to each class's prompted synonyms, then a softmax over classes (Osprey's region classification).
 */
import { InvalidInputError } from '../../core/errors.js';
import { cosineSimilarity, type TextEmbedder } from '../text-embedding.js';
import { OSPREY_REGION_TEMPLATES, fillTemplate } from './templates.js';

export interface VocabularyClass {
  id: number | string;
  /** One or more synonyms; the class scores as its best-matching synonym. */
  names: string[];
}

export interface OpenVocabOptions {
  embedder: TextEmbedder;
  /** Prompts with one `{}` each; default OSPREY_REGION_TEMPLATES. */
  templates?: readonly string[];
  /**
   * How several templates combine for one synonym. 'max' (default, Osprey's region classification):
   * every synonym × template sentence is scored and the class takes the maximum. 'mean' (CLIP/ViLD
   * prompt ensembling): a synonym's template embeddings are L2-normalised, averaged and renormalised
   * into one vector, which is then scored; the class takes the maximum over synonyms. With one
   * template the two agree.
   */
  templateReduction?: 'max' | 'mean';
  /** Softmax temperature over the class scores; default 1 (Osprey softmaxes the raw cosines). */
  temperature?: number;
}

export interface OpenVocabMatch {
  /** The class with the highest score (the first on ties). */
  classId: number | string;
  /** Its softmax probability. */
  probability: number;
  /** Per class, in class order: the cosine score after the reductions. */
  scores: number[];
  /** Per class: softmax(scores / temperature). */
  probabilities: number[];
}

export class OpenVocabClassifier {
  readonly classes: readonly VocabularyClass[];
  private readonly embedder: TextEmbedder;
  /** Per class, the vectors it is scored against (one per sentence for 'max', per synonym for 'mean'). */
  private readonly classVectors: Float32Array[][];
  private readonly temperature: number;

  private constructor(classes: readonly VocabularyClass[], embedder: TextEmbedder, classVectors: Float32Array[][], temperature: number) {
    this.classes = classes;
    this.embedder = embedder;
    this.classVectors = classVectors;
    this.temperature = temperature;
  }

  /** Embeds every class's prompts once; classify() then embeds only the names. */
  static async create(classes: readonly VocabularyClass[], options: OpenVocabOptions): Promise<OpenVocabClassifier> {
    if (classes.length === 0) throw new InvalidInputError('classes', 'at least one class');
    const templates = options.templates ?? OSPREY_REGION_TEMPLATES;
    if (templates.length === 0) throw new InvalidInputError('templates', 'at least one template');
    const reduction = options.templateReduction ?? 'max';
    if (reduction !== 'max' && reduction !== 'mean') throw new InvalidInputError('templateReduction', "'max' or 'mean'", `got ${JSON.stringify(reduction)}`);
    const temperature = options.temperature ?? 1;
    if (!(temperature > 0) || !Number.isFinite(temperature)) throw new InvalidInputError('temperature', 'a positive number', `got ${temperature}`);
    const ids = new Set<number | string>();
    const sentences = classes.map((c, i) => {
      if (ids.has(c.id)) throw new InvalidInputError(`classes[${i}].id`, 'an id no other class has', `${JSON.stringify(c.id)} repeats`);
      ids.add(c.id);
      if (!Array.isArray(c.names) || c.names.length === 0) throw new InvalidInputError(`classes[${i}].names`, 'at least one name');
      return c.names.map((name) => templates.map((t, k) => fillTemplate(t, name, `templates[${k}]`)));
    });
    const flat = sentences.flat(2);
    const vectors = await options.embedder.embed(flat);
    if (vectors.length !== flat.length) throw new InvalidInputError('embedder', `${flat.length} vectors, one per text`, `got ${vectors.length}`);
    let next = 0;
    const classVectors = sentences.map((synonyms) =>
      synonyms.map((prompts) => {
        const own = vectors.slice(next, next + prompts.length);
        next += prompts.length;
        return reduction === 'max' ? own : [ensemble(own)];
      }).flat(),
    );
    return new OpenVocabClassifier(classes, options.embedder, classVectors, temperature);
  }

  /** One match per name, in order; names are embedded as given. */
  async classify(names: string[]): Promise<OpenVocabMatch[]> {
    const vectors = names.length === 0 ? [] : await this.embedder.embed(names);
    return vectors.map((v) => {
      const scores = this.classVectors.map((candidates) => Math.max(...candidates.map((c) => cosineSimilarity(v, c))));
      const probabilities = softmax(scores.map((s) => s / this.temperature));
      const best = scores.indexOf(Math.max(...scores));
      return { classId: this.classes[best]!.id, probability: probabilities[best]!, scores, probabilities };
    });
  }
}

/** Maps names in one call; build an OpenVocabClassifier to reuse the class embeddings. */
export async function mapToVocabulary(names: string[], classes: readonly VocabularyClass[], options: OpenVocabOptions): Promise<OpenVocabMatch[]> {
  return (await OpenVocabClassifier.create(classes, options)).classify(names);
}

/** Prompt ensembling: mean of the L2-normalised vectors, renormalised (as CLIP and Osprey's VILD_PROMPT classifier do). */
function ensemble(vectors: Float32Array[]): Float32Array {
  const mean = new Float64Array(vectors[0]!.length);
  for (const v of vectors) {
    const norm = Math.max(Math.hypot(...v), 1e-12);
    for (let d = 0; d < v.length; d++) mean[d]! += v[d]! / norm;
  }
  const norm = Math.max(Math.hypot(...mean), 1e-12);
  return Float32Array.from(mean, (x) => x / norm);
}

function softmax(values: readonly number[]): number[] {
  const top = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
