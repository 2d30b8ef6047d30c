/**
 * Tiny random SAM image encoders with each layout's published inputs and outputs: strided
 * convolutions from the 1024² pixels to the 64² embedding (and SAM 2's 256² and 128² levels).
 */
import { GraphBuilder, Ops } from '../../../onnx/index.js';
import { OFFICIAL_EMBEDDING_OUTPUT, TRANSFORMERS_PIXELS, TRANSFORMERS_SAM_FEATURES, sam2FeatureName, type SamLayout } from '../layouts.js';
import { uniform } from './random.js';

export const TINY_INPUT_SIZE = 1024;
export const EMBEDDING_GRID = 64;
/** The official encoder exports commonly name their input so. */
export const OFFICIAL_IMAGE_INPUT = 'image';

export function tinyEncoderGraph(layout: SamLayout, channels: number, random: () => number): GraphBuilder {
  const g = new GraphBuilder(`tiny-sam-encoder-${layout}`);
  const o = new Ops(g);
  const batch = layout === 'official' ? 1 : 'batch_size';
  const pixels = g.input(layout === 'official' ? OFFICIAL_IMAGE_INPUT : TRANSFORMERS_PIXELS, 'float32', [batch, 3, TINY_INPUT_SIZE, TINY_INPUT_SIZE]);
  const conv = (x: string, name: string, inChannels: number, outChannels: number, stride: number): string => {
    const fanIn = inChannels * stride * stride;
    const w = g.initializer(`${name}.weight`, 'float32', [outChannels, inChannels, stride, stride], uniform(random, outChannels * fanIn, Math.sqrt(3 / fanIn)));
    const b = g.initializer(`${name}.bias`, 'float32', [outChannels], uniform(random, outChannels, 0.1));
    return o.tanh(o.conv(x, w, b, { strides: [stride, stride], kernelShape: [stride, stride] }));
  };
  const grid = EMBEDDING_GRID;
  if (layout === 'transformers-sam2') {
    // Hiera's three levels at strides 4, 8 and 16, with SAM 2's channel ratios (32, 64, 256 of 256).
    const sizes = [Math.max(1, channels / 8), Math.max(1, channels / 4), channels];
    const level0 = conv(pixels, 'level0', 3, sizes[0]!, 4);
    const level1 = conv(level0, 'level1', sizes[0]!, sizes[1]!, 2);
    const level2 = conv(level1, 'level2', sizes[1]!, sizes[2]!, 2);
    [level0, level1, level2].forEach((value, i) => g.output(value, 'float32', [batch, sizes[i]!, grid * 4 >> i, grid * 4 >> i], sam2FeatureName(i)));
    return g;
  }
  const embedding = conv(pixels, 'patch', 3, channels, TINY_INPUT_SIZE / grid);
  if (layout === 'official') {
    g.output(embedding, 'float32', [1, channels, grid, grid], OFFICIAL_EMBEDDING_OUTPUT);
    return g;
  }
  g.output(embedding, 'float32', [batch, channels, grid, grid], TRANSFORMERS_SAM_FEATURES[0]);
  // A fixed positional map broadcast over the batch, as HF's get_image_wide_positional_embeddings repeats one.
  const table = g.initializer('positional', 'float32', [1, channels, grid, grid], uniform(random, channels * grid * grid, 1));
  const zeroPerImage = o.mul(o.reduceMean(embedding, [1, 2, 3]), 0);
  g.output(o.add(zeroPerImage, table), 'float32', [batch, channels, grid, grid], TRANSFORMERS_SAM_FEATURES[1]);
  return g;
}
