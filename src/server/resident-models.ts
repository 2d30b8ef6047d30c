/**
 * The models a server keeps loaded for its whole life: SAM, the InternVL naming model and the
 * sentence embedder, each resolved once (folder, name or Hub repo id) and described for /v1/models.
 */
import type { ModelSourceOptions } from '../api/model-source.js';
import { resolveSource } from '../api/model-source.js';
import { modelRecord } from '../hub/model-record.js';
import type { ResolvedModel } from '../hub/index.js';
import { loadInternVLPack, type InternVLModel } from '../models/internvl/index.js';
import { loadSam, type SamModel } from '../models/sam/index.js';
import { loadSentenceTransformer, type SentenceTransformerEmbedder } from '../models/text/index.js';

export interface ModelSpecs extends ModelSourceOptions {
  /** SAM: segment, embed, the browser decoder, and candidates for ground and dense. */
  sam?: string;
  /** InternVL (WOW-Seg): name, refer, ground, dense. */
  model?: string;
  /** Sentence embedder: dense's closed vocabularies. */
  embedder?: string;
}

export interface Loaded<T> {
  source: ResolvedModel;
  model: T;
}

export interface ResidentModels {
  sam?: Loaded<SamModel>;
  naming?: Loaded<InternVLModel>;
  embedder?: Loaded<SentenceTransformerEmbedder>;
}

export async function loadResidentModels(specs: ModelSpecs): Promise<ResidentModels> {
  const models: ResidentModels = {};
  try {
    if (specs.sam !== undefined) {
      const source = await resolveSource(specs.sam, 'sam', 'sam', specs);
      models.sam = { source, model: await loadSam(source.dir, source.samVariant ? { variant: source.samVariant } : {}) };
    }
    if (specs.model !== undefined) {
      const source = await resolveSource(specs.model, 'internvl', 'model', specs);
      models.naming = { source, model: await loadInternVLPack(source.dir) };
    }
    if (specs.embedder !== undefined) {
      const source = await resolveSource(specs.embedder, 'embedder', 'embedder', specs);
      models.embedder = { source, model: await loadSentenceTransformer(source.dir, source.embedderModelFile ? { modelFile: source.embedderModelFile } : {}) };
    }
  } catch (error) {
    await releaseResidentModels(models);
    throw error;
  }
  return models;
}

export async function releaseResidentModels(models: ResidentModels): Promise<void> {
  await Promise.all([models.sam?.model.release(), models.naming?.model.release(), models.embedder?.model.release()]);
}

/** What GET /v1/models answers: each role's record, or null when not loaded. */
export function describeModels(models: ResidentModels): Record<string, unknown> {
  return {
    sam: models.sam ? { ...modelRecord(models.sam.source), layout: models.sam.model.layout, maskSize: models.sam.model.maskSize, inputSize: models.sam.model.preprocess.size } : null,
    naming: models.naming ? modelRecord(models.naming.source) : null,
    embedder: models.embedder ? { ...modelRecord(models.embedder.source), dimension: models.embedder.model.dimension } : null,
  };
}
