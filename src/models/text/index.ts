/**
 * Text encoders: sentence-transformers ONNX models as TextEmbedders, and a tiny random BERT
 * folder writer for tests.
 */
export { loadSentenceTransformer, SentenceTransformerEmbedder, type SentenceTransformerOptions } from './sentence-transformer.js';
export { SentenceTokenizer, type EncodedText, type SentenceTokenizerOptions } from './tokenizer.js';
export { meanPoolNormalized } from './pooling.js';
export { writeTinyBert, type TinyBert, type TinyBertOptions } from './tiny-bert.js';
export { tinySpecialTokens, tinyTokenizer, tinyVocabulary } from './tiny-vocab.js';
