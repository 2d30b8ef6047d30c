/**
 * How far a quantised real-size pack moves from the fp32 pack of the same checkpoint: image-token
 * relative error, logits cosine and greedy-token agreement, measured in a child process.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cosineSimilarity } from '../src/eval/text-embedding.js';
import { relativeError } from '../test/helpers/float-compare.js';
import { runInChild } from './child.js';
import type { Figure } from './harness.js';
import type { RealSizePack } from './real-size-pack.js';

const internvlModule = new URL('../src/models/internvl/index.js', import.meta.url).href;
const onnxModule = new URL('../src/onnx/index.js', import.meta.url).href;
const randomModule = new URL('../test/helpers/random.js', import.meta.url).href;
const floatCompareModule = new URL('../test/helpers/float-compare.js', import.meta.url).href;

/** Decoded after the prompt, as the issue asks. */
const decodedTokens = 100;

interface Outputs {
  imageTokens: Float32Array;
  logits: Float32Array;
  greedy: number[];
}

/**
 * Two random tiles' image tokens, then a prompt with them spliced in (its last 16 positions' logits
 * kept, the whole vocabulary) and 100 greedy tokens after it. Random weights make the logits nearly
 * flat, so greedy agreement is the hardest of the three figures.
 */
const outputsInChild = `
import { loadInternVLPack } from '${internvlModule}';
import { tensor } from '${onnxModule}';
import { seededRandom } from '${randomModule}';
import { argMax } from '${floatCompareModule}';
import { writeFileSync } from 'node:fs';
const [pack, decodedTokens, outPrefix] = process.argv.slice(1);
const model = await loadInternVLPack(pack);
const random = seededRandom(11);
const S = model.config.tileSize;
const pixels = Float32Array.from({ length: 2 * 3 * S * S }, () => random() * 4 - 2);
const imageTokens = (await model.encodeImages(tensor('float32', [2, 3, S, S], pixels))).imageTokens.data;
const { imageContextTokenId: context, tokensPerTile, hiddenSize, vocabSize } = model.config;
const ids = [5, 6, ...Array(2 * tokensPerTile).fill(context), ...Array.from({ length: 16 }, () => Math.floor(random() * 150000))];
const embeds = await model.embed([ids]);
embeds.data.set(imageTokens, 2 * hiddenSize);
const kept = Array.from({ length: 16 }, (_, i) => ids.length - 16 + i);
const first = await model.decode({ inputsEmbeds: embeds, logits: kept });
const logits = first.logits.data;
const greedy = [];
let past = first.present;
let next = argMax(logits.subarray(logits.length - vocabSize));
for (let step = 0; step < Number(decodedTokens); step++) {
  greedy.push(next);
  const out = await model.decode({ inputsEmbeds: await model.embed([[next]]), past });
  past = out.present;
  next = argMax(out.logits.data);
}
await model.release();
// Millions of floats: through files, not the JSON the parent reads from stdout.
writeFileSync(outPrefix + '.image.f32', imageTokens);
writeFileSync(outPrefix + '.logits.f32', logits);
const result = { greedy };`;

/** Runs the child on `pack`, its float outputs written under `scratch`. */
async function outputsOf(pack: RealSizePack, scratch: string): Promise<Outputs> {
  const prefix = join(scratch, `outputs-${pack.weights}`);
  const { greedy } = await runInChild<{ greedy: number[] }>(outputsInChild, [pack.dir, String(decodedTokens), prefix]);
  const floats = async (path: string): Promise<Float32Array> => {
    const bytes = await readFile(path);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  };
  return { imageTokens: await floats(`${prefix}.image.f32`), logits: await floats(`${prefix}.logits.f32`), greedy };
}

/** Accuracy figures of every non-fp32 pack against the fp32 one; `scratch` holds the children's outputs. */
export async function weightAccuracyFigures(packs: readonly RealSizePack[], scratch: string): Promise<Figure[]> {
  const reference = packs.find((p) => p.weights === 'fp32');
  if (!reference) return [];
  const fp32 = await outputsOf(reference, scratch);
  const figures: Figure[] = [];
  for (const pack of packs.filter((p) => p.weights !== 'fp32')) {
    const ours = await outputsOf(pack, scratch);
    const agreement = ours.greedy.filter((id, i) => id === fp32.greedy[i]).length;
    figures.push(
      {
        name: `image tokens relative error, ${pack.weights} pack`,
        unit: '',
        value: relativeError(ours.imageTokens, fp32.imageTokens),
        baseline: { name: 'fp32 pack', value: 1 },
        note: '‖ours − fp32‖ / ‖fp32‖ over two random 448 tiles',
      },
      {
        name: `logits cosine, ${pack.weights} pack`,
        unit: '',
        value: cosineSimilarity(ours.logits, fp32.logits),
        baseline: { name: 'fp32 pack', value: 1 },
        note: `${cosineSimilarity(ours.logits, fp32.logits).toFixed(6)}; last 16 prompt positions after 512 image tokens, whole vocabulary`,
      },
      {
        name: `greedy tokens equal to fp32, ${pack.weights} pack`,
        unit: 'tokens',
        value: agreement,
        baseline: { name: 'tokens decoded', value: decodedTokens },
        note: 'position by position; random weights give nearly flat logits',
      },
    );
  }
  return figures;
}
