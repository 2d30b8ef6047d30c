/**
 * embed.onnx: token ids → the LLM's input embeddings, kept apart from the decoder so callers can
 * splice image and region tokens into the sequence between the two.
 */
import { GraphBuilder, Ops } from '../../../onnx/index.js';
import type { InternVLConfig } from '../config.js';
import { embedTokensName } from '../tensors.js';
import { CheckpointWeights, type TensorReader } from './weights.js';

export function buildEmbedGraph(config: InternVLConfig, read: TensorReader): GraphBuilder {
  const g = new GraphBuilder('internvl_embed');
  const o = new Ops(g);
  const { vocabSize, hiddenSize } = config.llm;
  const ids = g.input('input_ids', 'int64', ['batch', 'sequence']);
  const table = new CheckpointWeights(g, read).tensor(embedTokensName, [vocabSize, hiddenSize]);
  g.output(o.gather(table, ids, 0), 'float32', ['batch', 'sequence', hiddenSize], 'inputs_embeds');
  return g;
}
