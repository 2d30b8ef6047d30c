/**
 * embed.onnx: token ids → the LLM's input embeddings, kept apart from the decoder so callers can
 * splice image and region tokens into the sequence between the two.
 */
import { GraphBuilder, Ops } from '../../../onnx/index.js';
import type { InternVLConfig } from '../config.js';
import { embedTokensName } from '../tensors.js';
import { CheckpointWeights, type WeightSource } from './weights.js';

export function buildEmbedGraph(config: InternVLConfig, source: WeightSource): GraphBuilder {
  const g = new GraphBuilder('internvl_embed');
  const o = new Ops(g);
  const { vocabSize, hiddenSize } = config.llm;
  const ids = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const embeds = new CheckpointWeights(g, source).embedding(o, ids, embedTokensName, vocabSize, hiddenSize);
  g.output(embeds, 'float32', ['batch', 'sequence', hiddenSize], 'inputs_embeds');
  return g;
}
