/**
 * writeTinySamPack: a small random model in any of the three layouts, written in that layout's
 * own file structure plus an owseg.json, for tests, benchmarks and demos.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidInputError } from '../../core/errors.js';
import { PREPROCESSOR_CONFIG_FILE, SAM_LAYOUTS, TRANSFORMERS_DECODER_FILE, TRANSFORMERS_ENCODER_FILE, type SamLayout } from './layouts.js';
import { writeSamManifest, type SamManifest } from './pack.js';
import { officialSamPreprocess, parsePreprocessorConfig } from './preprocess-config.js';
import { tinyDecoderGraph } from './tiny/decoder.js';
import { tinyEncoderGraph } from './tiny/encoder.js';
import { seededRandom } from './tiny/random.js';

export interface TinySamPackOptions {
  layout: SamLayout;
  seed?: number;
  /** Channels of the 64² embedding (SAM: 256). Default 32; SAM 2 layouts need a multiple of 8. */
  embeddingChannels?: number;
  /** Official layout only: a decoder exported with --return-single-mask. */
  singleMask?: boolean;
  /** Write owseg.json (default true); without it the folder is a raw layout folder. */
  manifest?: boolean;
  /** Keep every weight in `<graph>_data` beside its graph, as the published SAM 2.1 exports do. Default false. */
  externalData?: boolean;
}

/** The official export pair's file names in tiny packs (loaders accept any *encoder*.onnx / *decoder*.onnx). */
export const TINY_OFFICIAL_ENCODER = 'sam_tiny.encoder.onnx';
export const TINY_OFFICIAL_DECODER = 'sam_tiny.decoder.onnx';

/** preprocessor_config.json of the published transformers.js SAM (Xenova/sam-vit-base) and SAM 2.1 folders. */
const PREPROCESSOR_CONFIGS: Record<'transformers-sam' | 'transformers-sam2', object> = {
  'transformers-sam': {
    do_normalize: true,
    do_pad: true,
    do_rescale: true,
    do_resize: true,
    image_mean: [0.485, 0.456, 0.406],
    image_std: [0.229, 0.224, 0.225],
    image_processor_type: 'SamImageProcessor',
    pad_size: { height: 1024, width: 1024 },
    processor_class: 'SamProcessor',
    resample: 2,
    rescale_factor: 0.00392156862745098,
    size: { longest_edge: 1024 },
  },
  'transformers-sam2': {
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    image_mean: [0.485, 0.456, 0.406],
    image_std: [0.229, 0.224, 0.225],
    image_processor_type: 'Sam2ImageProcessorFast',
    mask_size: { height: 256, width: 256 },
    resample: 2,
    rescale_factor: 0.00392156862745098,
    size: { height: 1024, width: 1024 },
  },
};

export async function writeTinySamPack(dir: string, options: TinySamPackOptions): Promise<SamManifest | undefined> {
  const { layout } = options;
  if (!SAM_LAYOUTS.includes(layout)) throw new InvalidInputError('layout', `one of ${SAM_LAYOUTS.join(', ')}`, `got ${String(layout)}`);
  const channels = options.embeddingChannels ?? 32;
  const levelsDivide = layout !== 'transformers-sam2' || channels % 8 === 0;
  if (!Number.isInteger(channels) || channels < 1 || !levelsDivide) {
    throw new InvalidInputError('embeddingChannels', layout === 'transformers-sam2' ? 'a positive multiple of 8' : 'a positive integer', `got ${channels}`);
  }
  const random = seededRandom(options.seed ?? 0);
  const official = layout === 'official';
  const encoder = official ? TINY_OFFICIAL_ENCODER : TRANSFORMERS_ENCODER_FILE;
  const decoder = official ? TINY_OFFICIAL_DECODER : TRANSFORMERS_DECODER_FILE;
  await mkdir(join(dir, official ? '' : 'onnx'), { recursive: true });
  const save = (file: string) => (options.externalData ? { externalDataThreshold: 0, dataFileName: `${basename(file)}_data` } : {});
  await tinyEncoderGraph(layout, channels, random).save(join(dir, encoder), save(encoder));
  await tinyDecoderGraph(layout, channels, random, { singleMask: options.singleMask ?? false }).save(join(dir, decoder), save(decoder));
  let preprocess = officialSamPreprocess;
  if (!official) {
    const path = join(dir, PREPROCESSOR_CONFIG_FILE);
    const config = PREPROCESSOR_CONFIGS[layout];
    await writeFile(path, `${JSON.stringify(config, null, 2)}\n`);
    await writeFile(join(dir, 'config.json'), `${JSON.stringify({ model_type: layout === 'transformers-sam' ? 'sam' : 'sam2' }, null, 2)}\n`);
    preprocess = parsePreprocessorConfig(path, config);
  }
  if (options.manifest === false) return undefined;
  return writeSamManifest(dir, { layout, encoder, decoder, preprocess });
}
