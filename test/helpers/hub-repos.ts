/**
 * Tiny random models laid out as the published Hub repos are (files, folders, variants, external
 * data, the extras a real repo carries), as file maps for the fake Hub, built once per test process.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyInternVLCheckpoint } from '../../src/models/internvl/index.js';
import { writeTinySamPack, type SamLayout } from '../../src/models/sam/index.js';
import { writeTinyBert } from '../../src/models/text/index.js';

export type FileMap = Record<string, Buffer>;

/** Every file under `dir`, keyed by its '/'-separated relative path. */
export async function readFolder(dir: string, prefix = ''): Promise<FileMap> {
  const out: FileMap = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const key = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, await readFolder(path, key));
    else out[key] = await readFile(path);
  }
  return out;
}

async function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'owseg-hub-repo-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const text = (value: string): Buffer => Buffer.from(value);
const readme = (name: string): Buffer => text(`---\nlibrary_name: transformers.js\n---\n# ${name}\n\nA tiny random stand-in for tests.\n`);

/**
 * A transformers.js SAM repo (Xenova/sam-vit-base, slimsam …): fp32, fp16 and quantized graphs under
 * onnx/ (each variant its own random weights), the legacy combined model.onnx transformers.js no
 * longer reads, quantize_config.json, a README. SAM 2.1 repos keep every weight in `<graph>_data`.
 */
export async function samRepo(layout: Extract<SamLayout, 'transformers-sam' | 'transformers-sam2'>, seed: number): Promise<FileMap> {
  return withTemp(async (dir) => {
    const files: FileMap = {};
    const externalData = layout === 'transformers-sam2';
    for (const [i, suffix] of ['', '_fp16', '_quantized'].entries()) {
      const variant = join(dir, `variant${i}`);
      await writeTinySamPack(variant, { layout, seed: seed + i, manifest: false, externalData });
      for (const [path, bytes] of Object.entries(await readFolder(variant))) {
        files[path.replace(/^onnx\/(vision_encoder|prompt_encoder_mask_decoder)\.onnx/, `onnx/$1${suffix}.onnx`)] = bytes;
      }
    }
    if (layout === 'transformers-sam') files['onnx/model.onnx'] = files['onnx/vision_encoder.onnx']!;
    files['quantize_config.json'] = text('{"per_channel": true, "reduce_range": true}\n');
    files['README.md'] = readme(layout);
    files['.gitattributes'] = text('*.onnx filter=lfs diff=lfs merge=lfs -text\n');
    return files;
  });
}

/** Xenova/all-MiniLM-L6-v2's layout: onnx/model{,_fp16,_quantized}.onnx, tokenizer and configs, vocab.txt. */
export async function embedderRepo(seed: number): Promise<FileMap> {
  return withTemp(async (dir) => {
    await writeTinyBert(dir, { seed });
    const files = await readFolder(dir);
    delete files['model.safetensors'];
    files['onnx/model_fp16.onnx'] = files['onnx/model.onnx']!;
    files['onnx/model_quantized.onnx'] = files['onnx/model.onnx']!;
    files['vocab.txt'] = text('[PAD]\n[UNK]\n');
    files['README.md'] = readme('all-MiniLM-L6-v2');
    return files;
  });
}

/** Tensors of the WOW-Seg eval model's SAM-style prompt encoder, which an owseg pack does not use. */
export const WOWSEG_EXTRA_TENSORS = [
  { name: 'prompt_encoder.pe_layer.positional_encoding_gaussian_matrix', shape: [2, 8] },
  { name: 'prompt_encoder.no_mask_embed.weight', shape: [1, 16] },
  { name: 'prompt_encoder.mask_downscaling.0.weight', shape: [4, 1, 2, 2] },
  { name: 'prompt_encoder.mask_downscaling.0.bias', shape: [4] },
];

/**
 * An InternVL chat checkpoint as AAwcAA/WOW-Seg or OpenGVLab/InternVL3-1B publish it: config.json,
 * bf16 model.safetensors (with training-only tensors when `extras`), tokenizer files, the custom
 * *.py modelling code, generation_config.json, a README and an example picture.
 */
export async function internvlRepo(seed: number, options: { extras?: boolean; shards?: number } = {}): Promise<FileMap> {
  return withTemp(async (dir) => {
    await writeTinyInternVLCheckpoint(dir, { seed, dtype: 'bfloat16', ...(options.extras ? { extraTensors: WOWSEG_EXTRA_TENSORS } : {}), ...(options.shards ? { shards: options.shards } : {}) });
    const files = await readFolder(dir);
    for (const py of ['modeling_internvl_chat.py', 'configuration_internvl_chat.py', 'modeling_intern_vit.py', 'conversation.py']) {
      files[py] = text(`# ${py}: custom modelling code, run by trust_remote_code in Python; owseg never downloads it\n`);
    }
    files['generation_config.json'] = text('{"_from_model_config": true, "transformers_version": "4.48.3"}\n');
    files['README.md'] = readme('internvl');
    files['examples/image1.jpg'] = Buffer.alloc(2048, 7);
    return files;
  });
}
