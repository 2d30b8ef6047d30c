/**
 * InternVL (InternViT + Qwen2) checkpoints → owseg model packs, and the runner over a pack.
 */
export { parseInternVLConfig, isInternVLConfig, type InternVLConfig, type InternVisionConfig, type QwenConfig, type NormType } from './config.js';
export { expectedTensors, checkTensors, type ExpectedTensor } from './tensors.js';
export { convertInternVLCheckpoint, type ConvertOptions, type ConvertProgress } from './convert.js';
export { WEIGHT_FORMATS, defaultBlockSize, parseWeightFormat, weightFormatSuffix, weightScheme, type WeightFormat, type WeightScheme, type WeightSchemeOptions } from './weight-format.js';
export { loadInternVLPack, type LoadInternVLOptions } from './load.js';
export {
  readInternVLManifest,
  internVLPackVersion,
  manifestFileName,
  visionFileName,
  embedFileName,
  decoderFileName,
  type InternVLManifest,
  type InternVLPackConfig,
  type InternVLPrompts,
  type PackFile,
} from './pack.js';
export { InternVLModel, type DecodeInput, type DecodeOutput, type KVCache, type LayerCache } from './model.js';
export { additiveMask, maskedScore } from './attention-mask.js';
export { InternVLTokenizer, loadInternVLTokenizer, readTokenizerJson, requiredSpecialTokens } from './tokenizer.js';
export { qwen2TokenizerJson, tokenizerJsonFromSlowFiles, type AddedToken } from './qwen2-tokenizer.js';
export {
  chatPrompt,
  expandImages,
  imageTokens,
  internvl25SystemMessage,
  internvl25Template,
  imageStartToken,
  imageEndToken,
  imageContextToken,
  imagePlaceholder,
  type ChatTurn,
} from './template.js';
export { writeTinyInternVLCheckpoint, type TinyCheckpoint, type TinyCheckpointOptions } from './tiny/write.js';
export { tinySizes, internVL3OneBSizes, type InternVLSizes } from './tiny/sizes.js';
