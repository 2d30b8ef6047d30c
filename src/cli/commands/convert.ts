/**
 * `owseg convert <checkpoint-dir> -o <pack-dir>`: turns a published checkpoint (config.json +
 * safetensors + tokenizer) into an owseg model pack, with a progress bar when stderr is a terminal.
 */
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { action } from '../action.js';
import { formatBytes } from '../format.js';
import { progressBar } from '../progress.js';
import { weightFormatChoices } from '../models.js';
import { integerFrom } from '../options.js';
import type { WeightFormat, WeightScheme } from '../../models/internvl/index.js';


function describeWeights(scheme: WeightScheme): string {
  if (scheme.linear !== 'MatMulNBits') return `${scheme.format} weights`;
  return `${scheme.format} weights (${scheme.bits}-bit blocks of ${scheme.blockSize}, ${scheme.symmetric ? 'symmetric' : 'asymmetric'}; LM head ${scheme.lmHeadBits}-bit; embeddings ${scheme.embeddings})`;
}

interface ConvertFlags {
  output: string;
  force?: boolean;
  weights: WeightFormat;
  blockSize?: number;
  symmetric?: boolean;
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a checkpoint folder (InternVL: config.json, safetensors, tokenizer.json) into an owseg model pack')
    .argument('<checkpoint-dir>', 'folder with config.json, model.safetensors (or shards + index) and tokenizer.json')
    .requiredOption('-o, --output <pack-dir>', 'pack folder to create')
    .option('-f, --force', 'replace the pack folder if it exists (only once the new pack is complete)')
    .addOption(new Option('--weights <format>', 'fp32 | fp16 (half the disk, same memory and speed) | int8 | int4 (MatMulNBits, int8 compute)').choices(weightFormatChoices).default('fp32'))
    .option('--block-size <n>', 'int8 / int4: weights per quantisation block, a power of two ≥ 16 (default 128)', integerFrom(16))
    .option('--symmetric', 'int4: symmetric blocks without zero points (int8 is always symmetric; int4 default asymmetric)')
    .action(
      action(async (checkpointDir: string, flags: ConvertFlags) => {
        // Loaded on use, so other commands start without the model and ONNX modules.
        const { convertInternVLCheckpoint, isInternVLConfig, weightScheme } = await import('../../models/internvl/index.js');
        const weights = weightScheme({
          format: flags.weights,
          ...(flags.blockSize === undefined ? {} : { blockSize: flags.blockSize }),
          ...(flags.symmetric ? { symmetric: true } : {}),
        });
        const { readJsonFile } = await import('../../core/formats/json-file.js');
        const configPath = join(checkpointDir, 'config.json');
        const config = await readJsonFile(configPath);
        if (!isInternVLConfig(config)) {
          throw new InvalidInputError(`${configPath}: model_type`, 'a checkpoint owseg can convert ("internvl_chat", InternVLChatModel)');
        }
        const progress = await progressBar('converting {file} [{bar}] {percentage}% | {written} / {size} | eta {eta_formatted}');
        try {
          const manifest = await convertInternVLCheckpoint(checkpointDir, flags.output, { weights, overwrite: flags.force ?? false, onWarning: (message) => process.stderr.write(`owseg: warning: ${message}\n`), onProgress: ({ file, done, total }) => progress.update(done, total, { file: file.padEnd(12), written: formatBytes(done), size: formatBytes(total) }) });
          progress.stop();
          const total = Object.values(manifest.files).reduce((sum, f) => sum + f.bytes, 0);
          process.stdout.write(`${flags.output}: ${manifest.family} pack, ${describeWeights(weights)}, ${Object.keys(manifest.files).length} files, ${formatBytes(total)}\n`);
          for (const [name, file] of Object.entries(manifest.files)) process.stdout.write(`  ${name.padEnd(24)} ${formatBytes(file.bytes).padStart(10)}  sha256 ${file.sha256}\n`);
        } finally {
          progress.stop();
        }
      }),
    );
}
