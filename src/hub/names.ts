/**
 * owseg's short model names and the Hub repositories behind them, with the model family each
 * belongs to (which decides the files a pull fetches and the loader that opens them).
 */

/** sam: a SAM-family ONNX folder; internvl: an InternVL checkpoint converted to a pack; embedder: a sentence-transformers ONNX folder. */
export type ModelFamily = 'sam' | 'internvl' | 'embedder';
export const MODEL_FAMILIES: readonly ModelFamily[] = ['sam', 'internvl', 'embedder'];

export interface ModelName {
  name: string;
  repo: string;
  family: ModelFamily;
  description: string;
}

export const MODEL_NAMES: readonly ModelName[] = [
  { name: 'wowseg-1b', repo: 'AAwcAA/WOW-Seg', family: 'internvl', description: 'WOW-Seg word-free region naming (InternVL3-1B fine-tuned)' },
  { name: 'internvl3-1b', repo: 'OpenGVLab/InternVL3-1B', family: 'internvl', description: 'InternVL3-1B, the base model WOW-Seg starts from' },
  { name: 'sam-vit-base', repo: 'Xenova/sam-vit-base', family: 'sam', description: 'SAM ViT-B (transformers.js ONNX)' },
  { name: 'sam-vit-large', repo: 'Xenova/sam-vit-large', family: 'sam', description: 'SAM ViT-L (transformers.js ONNX)' },
  { name: 'slimsam', repo: 'Xenova/slimsam-77-uniform', family: 'sam', description: 'SlimSAM-77, a pruned SAM ViT-B (transformers.js ONNX)' },
  { name: 'sam2.1-tiny', repo: 'onnx-community/sam2.1-hiera-tiny-ONNX', family: 'sam', description: 'SAM 2.1 Hiera-Tiny (transformers.js ONNX)' },
  { name: 'minilm', repo: 'Xenova/all-MiniLM-L6-v2', family: 'embedder', description: 'all-MiniLM-L6-v2 sentence embedder, for region-recognition scores' },
];

/** The short name registered for `repo`, if any. */
export function nameOfRepo(repo: string): ModelName | undefined {
  return MODEL_NAMES.find((entry) => entry.repo.toLowerCase() === repo.toLowerCase());
}

export function modelName(name: string): ModelName | undefined {
  return MODEL_NAMES.find((entry) => entry.name === name.toLowerCase());
}
