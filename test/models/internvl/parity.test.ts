/**
 * owseg's converted InternVL graphs against the independent PyTorch oracle, on tiny checkpoints
 * of several shapes and storage formats: vision tokens and patch features, logits of a full pass,
 * of KV-cached incremental steps, under a non-causal 4-D mask, and with image tokens spliced in.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tensor, type Tensor } from '../../../src/onnx/index.js';
import {
  convertInternVLCheckpoint,
  loadInternVLPack,
  maskedScore,
  writeTinyInternVLCheckpoint,
  type InternVLModel,
  type KVCache,
} from '../../../src/models/internvl/index.js';
import { seededRandom } from '../../helpers/random.js';
import { maxAbsDiff, parityCheckpoints, runInternVLOracle, tempDir, writeF32, type OracleOutput } from './helpers.js';

const tolerance = 1e-4;

let root: { path: string; remove: () => Promise<void> };
before(async () => {
  root = await tempDir('internvl-parity');
});
after(async () => {
  await root.remove();
});

describe('InternVL graphs match the PyTorch oracle', () => {
  for (const [index, { name, options }] of parityCheckpoints.entries()) {
    test(name, async (t) => {
      const dir = join(root.path, `case${index}`);
      const checkpoint = await writeTinyInternVLCheckpoint(join(dir, 'checkpoint'), options);
      await convertInternVLCheckpoint(checkpoint.dir, join(dir, 'pack'));
      const model = await loadInternVLPack(join(dir, 'pack'));
      try {
        const random = seededRandom(100 + index);
        const S = model.config.tileSize;
        const pixels = Float32Array.from({ length: 2 * 3 * S * S }, () => random() * 4 - 2);
        const vocab = model.config.vocabSize;
        const ids = [0, 1].map(() => Array.from({ length: 9 }, () => Math.floor(random() * vocab)));
        const { mask, additive } = randomMask(random, 2, 9);
        const positions = [Array.from({ length: 9 }, (_, i) => 3 + 2 * i), Array.from({ length: 9 }, (_, i) => 8 - i)];
        const imageContext = model.config.imageContextTokenId;
        const tokensPerImage = model.config.tokensPerTile;
        const multimodalIds = [[5, 6, ...Array<number>(2 * tokensPerImage).fill(imageContext), 7, 8]];
        const steps = [5, 1, 3];
        const attentionRows = [0, 4, 8];

        const [vision, full, masked, incremental, multimodal] = await runInternVLOracle(checkpoint.dir, join(dir, 'oracle'), [
          { kind: 'vision', pixel_values: await writeF32(join(dir, 'pixels.f32'), pixels), shape: [2, 3, S, S] },
          { kind: 'logits', input_ids: ids },
          { kind: 'logits', input_ids: ids, position_ids: positions, attention_mask: await writeF32(join(dir, 'mask.f32'), additive), attention_rows: attentionRows },
          { kind: 'incremental', input_ids: [ids[0]], steps },
          { kind: 'multimodal', pixel_values: join(dir, 'pixels.f32'), shape: [2, 3, S, S], input_ids: multimodalIds, image_context_id: imageContext },
        ]);

        const images = await model.encodeImages(tensor('float32', [2, 3, S, S], pixels));
        const embeds = await model.embed(ids);
        const report = (label: string, ours: Tensor, theirs: OracleOutput | undefined): void => {
          assert.ok(theirs, `oracle output for ${label}`);
          assert.deepEqual(ours.dims, theirs.shape, `${label} shape`);
          const diff = maxAbsDiff(ours.data as Float32Array, theirs.data);
          t.diagnostic(`${label}: max |diff| ${diff.toExponential(2)}`);
          assert.ok(diff <= tolerance, `${label}: max |diff| ${diff} > ${tolerance}`);
        };
        report('image_tokens', images.imageTokens, vision!.image_tokens);
        report('patch_features', images.patchFeatures, vision!.patch_features);
        report('logits (full pass)', (await model.decode({ inputsEmbeds: embeds })).logits, full!.logits);

        const maskedOut = await model.decode({ inputsEmbeds: embeds, attentionMask: mask, positionIds: int64(positions), attentionRows });
        report('logits (non-causal mask, custom positions)', maskedOut.logits, masked!.logits);
        // Attention of the asked rows, averaged over heads, per layer: the oracle stacks [layers, batch, rows, keys].
        const layers = maskedOut.attentions.length;
        const stacked = new Float32Array(layers * 2 * attentionRows.length * 9);
        maskedOut.attentions.forEach((layer, i) => stacked.set(layer.data as Float32Array, i * layer.data.length));
        report('attention rows averaged over heads, every layer', tensor('float32', [layers, 2, attentionRows.length, 9], stacked), masked!.attentions);
        const additiveOut = await model.decode({ inputsEmbeds: embeds, attentionMask: tensor('float32', [2, 1, 9, 9], additive), positionIds: int64(positions) });
        assert.deepEqual(additiveOut.logits.data, maskedOut.logits.data, 'a 4-D additive mask gives the same logits as the same 3-D boolean mask');

        report('logits (KV-cached steps 5+1+3)', await incrementalLogits(model, ids[0]!, steps), incremental!.logits);
        report('logits (image tokens spliced in)', await multimodalLogits(model, multimodalIds[0]!, images.imageTokens), multimodal!.logits);
      } finally {
        await model.release();
      }
    });
  }
});

/** A boolean pattern with every row attending to itself and some keys before and after it. */
function randomMask(random: () => number, batch: number, sequence: number): { mask: Tensor; additive: Float32Array } {
  const allowed = new Uint8Array(batch * sequence * sequence);
  const additive = new Float32Array(allowed.length);
  for (let k = 0; k < allowed.length; k++) {
    const i = Math.floor(k / sequence) % sequence;
    const j = k % sequence;
    allowed[k] = i === j || random() < 0.5 ? 1 : 0;
    additive[k] = allowed[k] ? 0 : maskedScore;
  }
  return { mask: tensor('bool', [batch, sequence, sequence], allowed), additive };
}

function int64(rows: number[][]): Tensor {
  return tensor('int64', [rows.length, rows[0]!.length], BigInt64Array.from(rows.flat(), (v) => BigInt(v)));
}

/** Feeds `ids` in chunks of `steps`, carrying the cache; returns the logits concatenated along the sequence. */
async function incrementalLogits(model: InternVLModel, ids: number[], steps: number[]): Promise<Tensor> {
  let past: KVCache | undefined;
  const chunks: Float32Array[] = [];
  let start = 0;
  for (const step of steps) {
    const out = await model.decode({ inputsEmbeds: await model.embed([ids.slice(start, start + step)]), past });
    chunks.push(out.logits.data as Float32Array);
    past = out.present;
    start += step;
  }
  const data = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.length;
  }
  return tensor('float32', [1, ids.length, model.config.vocabSize], data);
}

/** Embeds `ids` and overwrites the `<IMG_CONTEXT>` rows with the image tokens in order, as InternVLChatModel does. */
async function multimodalLogits(model: InternVLModel, ids: number[], imageTokens: Tensor): Promise<Tensor> {
  const embeds = await model.embed([ids]);
  const data = embeds.data as Float32Array;
  const width = model.config.hiddenSize;
  const tokens = imageTokens.data as Float32Array;
  let next = 0;
  ids.forEach((id, position) => {
    if (id !== model.config.imageContextTokenId) return;
    data.set(tokens.subarray(next * width, (next + 1) * width), position * width);
    next++;
  });
  return (await model.decode({ inputsEmbeds: embeds })).logits;
}
