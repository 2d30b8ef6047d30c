/**
 * Segment Anyword's location priors from InternVL: for every word of a sentence, the attention its
 * tokens pay to the image tokens, averaged over heads and chosen layers, laid out on the image.
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { RgbImage } from '../../../core/image/rgb-image.js';
import type { InternVLModel } from '../../../models/internvl/index.js';
import { encodeForNaming } from '../../name/encode.js';
import { embedWithImages } from '../../name/embed-blocks.js';
import { prepareRegions, tileGrid } from '../../name/preprocess/index.js';
import type { AttentionMap } from '../prompts/attention-map.js';
import type { SentenceStructure } from '../structure/types.js';
import { groundingPrompt } from './grounding-prompt.js';
import { stitchTileMaps } from './stitch.js';
import { tokenWords } from './token-words.js';

export interface WordMapOptions {
  /** Decoder layers whose attention is averaged; default the middle third (see defaultLayers). */
  layers?: readonly number[];
  /** Share of the thumbnail's map in the combined map (0…1); default 0.5. */
  thumbnailWeight?: number;
  /** Whole-image tiling, as in naming; default 12. */
  maxTiles?: number;
  instruction?: string;
}

export interface WordMaps {
  /** Per word (indexed like structure.words): its map on the image's token-cell grid, max 1; undefined for a word with no token. */
  maps: (AttentionMap | undefined)[];
  /** Which word each sentence token went to (−1: none). */
  tokenWords: number[];
  layers: number[];
}

/**
 * The middle third of the decoder's layers. Analyses of LLaVA-style models find the attention
 * from text to image most localised in the middle layers; the first attend mostly to position and
 * the last to the answer. No trained weights can be run here to measure it: change `layers`.
 */
export function defaultLayers(numLayers: number): number[] {
  const from = Math.floor(numLayers / 3);
  const to = Math.max(from + 1, Math.ceil((2 * numLayers) / 3));
  return Array.from({ length: to - from }, (_, i) => from + i);
}

export async function wordAttentionMaps(model: InternVLModel, image: RgbImage, structure: SentenceStructure, options: WordMapOptions = {}): Promise<WordMaps> {
  const { tileSize, tokensPerTile, numLayers, useThumbnail } = model.config;
  const layers = [...(options.layers ?? defaultLayers(numLayers))];
  layers.forEach((layer, i) => {
    if (!Number.isInteger(layer) || layer < 0 || layer >= numLayers) throw new InvalidInputError(`layers[${i}]`, `a decoder layer from 0 to ${numLayers - 1}`, `got ${layer}`);
  });
  if (layers.length === 0) throw new InvalidInputError('layers', 'at least one decoder layer');
  const thumbnailWeight = options.thumbnailWeight ?? 0.5;
  if (!(thumbnailWeight >= 0 && thumbnailWeight <= 1)) throw new InvalidInputError('thumbnailWeight', 'a number from 0 to 1', `got ${thumbnailWeight}`);
  const grid = Math.round(Math.sqrt(tokensPerTile));
  const tiling = { maxTiles: options.maxTiles ?? 12, tileSize, thumbnail: useThumbnail };
  const prepared = prepareRegions(image, [], { ...tiling, grid });
  const encoded = await encodeForNaming(model, prepared.tiles, prepared.tileCount, []);
  const tiles = tileGrid(image.width, image.height, tiling);
  const prompt = groundingPrompt(model, prepared.tileCount * tokensPerTile, structure.text, options.instruction);
  const { attentions } = await model.decode({ inputsEmbeds: await embedWithImages(model, prompt.ids, encoded.wholeImage), logits: 'last', attentionRows: prompt.sentence });
  const owners = tokenWords(prompt.sentenceIds, structure.words, (ids) => model.tokenizer.decode(ids));
  const total = prompt.ids.length;
  const imageColumns = prepared.tileCount * tokensPerTile;
  const maps: (AttentionMap | undefined)[] = structure.words.map(() => undefined);
  for (const word of structure.words) {
    const rows = owners.flatMap((owner, k) => (owner === word.index ? [k] : []));
    if (rows.length === 0) continue;
    // Summed over the word's tokens, averaged over the layers: one value per image token.
    const perToken = new Float64Array(imageColumns);
    for (const layer of layers) {
      const data = attentions[layer]!.data as Float32Array;
      for (const row of rows) {
        const offset = row * total + prompt.imageStart;
        for (let c = 0; c < imageColumns; c++) perToken[c] = perToken[c]! + data[offset + c]! / layers.length;
      }
    }
    maps[word.index] = stitchTileMaps(perToken, tiles, grid, prepared.tileCount > tiles.cols * tiles.rows ? thumbnailWeight : 0);
  }
  return { maps, tokenWords: owners, layers };
}
