/**
 * Which files of a repo each model family needs, chosen from the repo's file list (the tree API's,
 * or a cached snapshot's), so a pull fetches only what the loader reads: one ONNX variant, no
 * README pictures, no custom *.py code, no training leftovers.
 */
import { HubError } from './errors.js';
import type { ModelFamily } from './names.js';

/** transformers.js's dtype names and the file suffix each stands for (onnx/<name><suffix>.onnx). */
export const DTYPE_SUFFIX = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4' } as const;
export type Dtype = keyof typeof DTYPE_SUFFIX;
export const DTYPES = Object.keys(DTYPE_SUFFIX) as Dtype[];

export interface FileSelection {
  family: ModelFamily;
  files: string[];
  /** SAM: the transformers.js variant ('quantized', 'fp16' …; '' for fp32) the loader opens. */
  samVariant?: string;
  /** Embedder: the ONNX file the loader opens. */
  embedderModelFile?: string;
}

const SAM_ENCODER = 'onnx/vision_encoder';
const SAM_DECODER = 'onnx/prompt_encoder_mask_decoder';
const EMBEDDER_MODEL = 'onnx/model';
const INTERNVL_TOKENIZER_FILES = ['tokenizer.json', 'vocab.json', 'merges.txt', 'tokenizer_config.json', 'added_tokens.json', 'special_tokens_map.json', 'generation_config.json'];
const TORCH_WEIGHTS = /^pytorch_model(-\d+-of-\d+)?\.bin$/;
const EMBEDDER_CONFIG_FILES = ['config.json', 'tokenizer_config.json', 'special_tokens_map.json', 'sentence_bert_config.json', '1_Pooling/config.json', 'modules.json'];

/** The family a file list looks like, or undefined when it is none owseg runs. */
export function detectFamily(paths: readonly string[]): ModelFamily | undefined {
  const has = new Set(paths);
  if (paths.some((p) => p.startsWith(SAM_ENCODER)) && paths.some((p) => p.startsWith(SAM_DECODER))) return 'sam';
  if (has.has('config.json') && paths.some((p) => !p.includes('/') && (p.endsWith('.safetensors') || TORCH_WEIGHTS.test(p)))) return 'internvl';
  if (has.has('tokenizer.json') && paths.some((p) => /^(onnx\/)?model(_[a-z0-9]+)?\.onnx$/.test(p))) return 'embedder';
  const onnxAtTop = paths.filter((p) => !p.includes('/') && p.endsWith('.onnx'));
  if (onnxAtTop.some((p) => /encoder/i.test(p)) && onnxAtTop.some((p) => /decoder/i.test(p))) return 'sam';
  return undefined;
}

export const FAMILY_LABEL: Record<ModelFamily, string> = {
  sam: 'a SAM model',
  internvl: 'an InternVL checkpoint',
  embedder: 'a sentence embedder',
};

/** The files `family` needs from `paths` at `dtype`; `where` names the repo in errors. */
export function selectFiles(family: ModelFamily, paths: readonly string[], dtype: Dtype, where: string): FileSelection {
  const detected = detectFamily(paths);
  if (detected !== family) {
    throw new HubError('protocol', `${where} is ${detected ? FAMILY_LABEL[detected] : 'no model owseg can run'}, not ${FAMILY_LABEL[family]}`);
  }
  if (family === 'sam') return selectSam(paths, dtype, where);
  if (family === 'embedder') return selectEmbedder(paths, dtype, where);
  return selectInternVL(paths, where);
}

function selectSam(paths: readonly string[], dtype: Dtype, where: string): FileSelection {
  const suffix = DTYPE_SUFFIX[dtype];
  const graphs = [`${SAM_ENCODER}${suffix}.onnx`, `${SAM_DECODER}${suffix}.onnx`];
  if (paths.some((p) => p.startsWith(SAM_ENCODER))) {
    requireVariant(paths, graphs, dtype, [SAM_ENCODER, SAM_DECODER], where);
    const files = [...graphs, ...graphs.flatMap((graph) => externalData(paths, graph)), ...present(paths, ['preprocessor_config.json', 'config.json'])];
    if (!paths.includes('preprocessor_config.json')) throw new HubError('protocol', `${where} has no preprocessor_config.json, which a transformers.js SAM folder needs`);
    return { family: 'sam', files, samVariant: suffix.slice(1) };
  }
  // An official encoder/decoder pair at the top level: no variants to choose from.
  const onnx = paths.filter((p) => !p.includes('/') && p.endsWith('.onnx'));
  return { family: 'sam', files: [...onnx, ...onnx.flatMap((graph) => externalData(paths, graph))] };
}

function selectEmbedder(paths: readonly string[], dtype: Dtype, where: string): FileSelection {
  const suffix = DTYPE_SUFFIX[dtype];
  const nested = `${EMBEDDER_MODEL}${suffix}.onnx`;
  const top = `model${suffix}.onnx`;
  const model = paths.includes(nested) ? nested : paths.includes(top) ? top : undefined;
  if (!model) requireVariant(paths, [nested], dtype, [EMBEDDER_MODEL], where);
  const chosen = model ?? nested;
  return { family: 'embedder', files: [chosen, ...externalData(paths, chosen), 'tokenizer.json', ...present(paths, EMBEDDER_CONFIG_FILES)], embedderModelFile: chosen };
}

function selectInternVL(paths: readonly string[], where: string): FileSelection {
  const weights = paths.filter((p) => !p.includes('/') && (p.endsWith('.safetensors') || p === 'model.safetensors.index.json'));
  if (!weights.some((p) => p.endsWith('.safetensors'))) {
    throw new HubError('protocol', `${where} has its weights only as PyTorch pickles (pytorch_model*.bin); owseg reads safetensors: save the model with safe_serialization=True, or pick a revision that has model.safetensors`);
  }
  const tokenizer = present(paths, INTERNVL_TOKENIZER_FILES);
  if (!tokenizer.includes('tokenizer.json') && !(tokenizer.includes('vocab.json') && tokenizer.includes('merges.txt'))) {
    throw new HubError('protocol', `${where} has neither tokenizer.json nor vocab.json + merges.txt`);
  }
  return { family: 'internvl', files: ['config.json', ...weights, ...tokenizer] };
}

/** The dtype's files must all be there; otherwise the error lists the dtypes the repo does have. */
function requireVariant(paths: readonly string[], wanted: string[], dtype: Dtype, stems: string[], where: string): void {
  const missing = wanted.filter((file) => !paths.includes(file));
  if (missing.length === 0) return;
  const available = Object.entries(DTYPE_SUFFIX)
    .filter(([, suffix]) => stems.every((stem) => paths.includes(`${stem}${suffix}.onnx`)))
    .map(([name]) => name);
  throw new HubError('not-found', `${where} has no ${dtype} variant (${missing.join(', ')} missing); it has: ${available.join(', ') || 'none'}`);
}

/** External-data files of `graph` as transformers.js (`.onnx_data`, `.onnx_data_1` …) and owseg (`.onnx.data`) name them. */
function externalData(paths: readonly string[], graph: string): string[] {
  return paths.filter((p) => p.startsWith(`${graph}_data`) || p === `${graph}.data`);
}

function present(paths: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((file) => paths.includes(file));
}
