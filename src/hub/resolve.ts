/**
 * From what a user wrote (`--sam slimsam`, `--model AAwcAA/WOW-Seg@v1`, a folder) to a folder a
 * loader opens: a local folder as is; a Hub model from the cache, downloaded on first use (unless
 * offline), and for InternVL checkpoints converted once into owseg's pack cache.
 */
import { InvalidInputError } from '../core/errors.js';
import type { ConvertProgress, WeightFormat } from '../models/internvl/index.js';
import { HubError } from './errors.js';
import { describeSpec, isCommitHash, parseModelSpec, type ModelSpec } from './model-spec.js';
import { modelName, type ModelFamily } from './names.js';
import { ensureConvertedPack } from './packs.js';
import { DTYPE_SUFFIX, FAMILY_LABEL, type Dtype } from './select-files.js';
import { hubSettings, type HubSettings } from './settings.js';
import { downloadSnapshot, findCachedSnapshot, type DownloadEvent, type Snapshot } from './snapshot.js';

export type ModelEvent =
  | (DownloadEvent & { model: string })
  | { type: 'convert'; model: string; progress: ConvertProgress }
  | { type: 'convert-wait'; model: string }
  | { type: 'warning'; model: string; message: string };

export interface ResolveOptions {
  /** Overrides of the environment's Hub settings (endpoint, token, cache folders, offline …). */
  hub?: Partial<HubSettings>;
  /** transformers.js variant of ONNX repos (SAM, embedder); default fp32. */
  dtype?: Dtype;
  /** How an InternVL checkpoint is converted (fp32, fp16, int8, int4); default fp32. */
  weights?: WeightFormat;
  /** What the option is called, for errors (`--sam`, `model`). */
  field?: string;
  onEvent?: (event: ModelEvent) => void;
}

export interface ResolvedModel {
  /** As the user wrote it. */
  spec: string;
  family: ModelFamily;
  /** The folder to load: the user's folder, a Hub snapshot, or a converted pack. */
  dir: string;
  source: 'folder' | 'cache' | 'download';
  name?: string;
  repo?: string;
  revision?: string;
  commit?: string;
  /** SAM: the transformers.js file variant ('' for fp32, 'quantized', 'fp16' …). */
  samVariant?: string;
  /** Embedder: the ONNX file inside `dir`. */
  embedderModelFile?: string;
  /** The transformers.js variant chosen (SAM and embedder models). */
  dtype?: Dtype;
  /** InternVL packs: the weight format of the pack in `dir` (a folder pack: what its owseg.json says is not read here). */
  weights?: WeightFormat;
  /** Bytes downloaded by this call. */
  fetchedBytes: number;
  /** Whether this call converted a checkpoint into a pack. */
  converted: boolean;
}

/**
 * The folder for `spec` as a model of `family`. Uses the cache without touching the network when
 * the cached revision already has every file; downloads what is missing otherwise.
 */
export async function resolveModel(spec: string, family: ModelFamily, options: ResolveOptions = {}): Promise<ResolvedModel> {
  const parsed = parseModelSpec(spec, options.field);
  const dtype = options.dtype ?? 'fp32';
  if (parsed.kind === 'folder') return folderModel(spec, parsed.path, family, dtype);
  checkRegisteredFamily(parsed, family, options.field);
  const settings = hubSettings(options.hub);
  const cached = await findCachedSnapshot(settings, parsed.repo, parsed.revision, family, dtype);
  if ('commit' in cached) return finish(settings, spec, parsed, family, cached, 'cache', 0, options);
  if (settings.offline) {
    throw new HubError('offline', `${describeSpec(parsed)} is not in the cache (${settings.cacheDir}: ${cached.missing}) and owseg is offline (HF_HUB_OFFLINE=1 or --offline); run \`owseg pull ${spec}\` where the Hub is reachable`);
  }
  return pull(settings, spec, parsed, family, dtype, options);
}

export interface PullOptions extends ResolveOptions {
  /** The family when `spec` is neither a registered name nor detectable from the repo's files. */
  family?: ModelFamily;
  /** Convert InternVL checkpoints into packs right away (default true). */
  convert?: boolean;
}

/**
 * Downloads `spec` ahead of time: asks the Hub which commit the revision is now (a commit hash
 * already complete in the cache needs no network), fetches what is missing, converts checkpoints.
 */
export async function pullModel(spec: string, options: PullOptions = {}): Promise<ResolvedModel> {
  const parsed = parseModelSpec(spec, options.field);
  if (parsed.kind === 'folder') throw new InvalidInputError(options.field ?? 'model', 'a model name or a Hub repo id to download', `${spec} is a local folder`);
  const family = options.family ?? (parsed.name ? modelName(parsed.name)?.family : undefined);
  if (family) checkRegisteredFamily(parsed, family, options.field);
  const settings = hubSettings(options.hub);
  const dtype = options.dtype ?? 'fp32';
  if (settings.offline || isCommitHash(parsed.revision)) {
    const cached = await findCachedSnapshot(settings, parsed.repo, parsed.revision, family, dtype);
    if ('commit' in cached) return finish(settings, spec, parsed, cached.selection.family, cached, 'cache', 0, options);
    if (settings.offline) throw new HubError('offline', `cannot pull ${describeSpec(parsed)} while offline (HF_HUB_OFFLINE=1 or --offline): ${cached.missing}`);
  }
  return pull(settings, spec, parsed, family, dtype, options);
}

async function pull(settings: HubSettings, spec: string, parsed: Extract<ModelSpec, { kind: 'hub' }>, family: ModelFamily | undefined, dtype: Dtype, options: PullOptions): Promise<ResolvedModel> {
  const model = describeSpec(parsed);
  let snapshot: Snapshot & { fetched: number };
  try {
    snapshot = await downloadSnapshot(settings, parsed.repo, parsed.revision, family, dtype, (event) => options.onEvent?.({ ...event, model }));
  } catch (error) {
    // `packs/wowseg` reads as a repo id; say that it is not a folder here either.
    if (error instanceof HubError && error.reason === 'not-found' && !parsed.name && error.message.includes(`no repo ${parsed.repo}`)) {
      throw new HubError('not-found', `${error.message} (and there is no folder ${parsed.repo} here)`, error.status);
    }
    throw error;
  }
  return finish(settings, spec, parsed, snapshot.selection.family, snapshot, 'download', snapshot.fetched, options);
}

async function finish(
  settings: HubSettings,
  spec: string,
  parsed: Extract<ModelSpec, { kind: 'hub' }>,
  family: ModelFamily,
  snapshot: Snapshot,
  source: 'cache' | 'download',
  fetchedBytes: number,
  options: PullOptions,
): Promise<ResolvedModel> {
  const model = describeSpec(parsed);
  const base = {
    spec,
    family,
    source,
    repo: parsed.repo,
    revision: parsed.revision,
    commit: snapshot.commit,
    fetchedBytes,
    ...(parsed.name ? { name: parsed.name } : {}),
    ...(snapshot.selection.samVariant !== undefined ? { samVariant: snapshot.selection.samVariant } : {}),
    ...(snapshot.selection.embedderModelFile !== undefined ? { embedderModelFile: snapshot.selection.embedderModelFile } : {}),
    ...(family === 'internvl' ? {} : { dtype: options.dtype ?? 'fp32' }),
  };
  if (family !== 'internvl' || options.convert === false) return { ...base, dir: snapshot.dir, converted: false };
  const weights = options.weights ?? 'fp32';
  const pack = await ensureConvertedPack(settings.owsegCacheDir, parsed.repo, snapshot.commit, snapshot.dir, weights, {
    onProgress: (progress) => options.onEvent?.({ type: 'convert', model, progress }),
    onWarning: (message) => options.onEvent?.({ type: 'warning', model, message }),
    onWait: () => options.onEvent?.({ type: 'convert-wait', model }),
  });
  return { ...base, dir: pack.dir, converted: pack.converted, weights };
}

/** A local folder, with the variant hints `dtype` implies for the loaders. */
function folderModel(spec: string, path: string, family: ModelFamily, dtype: Dtype): ResolvedModel {
  const suffix = DTYPE_SUFFIX[dtype];
  return {
    spec,
    family,
    dir: path,
    source: 'folder',
    fetchedBytes: 0,
    converted: false,
    ...(family === 'internvl' ? {} : { dtype }),
    ...(family === 'sam' && suffix ? { samVariant: suffix.slice(1) } : {}),
    ...(family === 'embedder' && suffix ? { embedderModelFile: `onnx/model${suffix}.onnx` } : {}),
  };
}

/** `--sam wowseg-1b` is refused before any download: the name says what kind of model it is. */
function checkRegisteredFamily(parsed: Extract<ModelSpec, { kind: 'hub' }>, family: ModelFamily, field = 'model'): void {
  const registered = parsed.name ? modelName(parsed.name) : undefined;
  if (registered && registered.family !== family) {
    throw new InvalidInputError(field, FAMILY_LABEL[family], `${registered.name} (${registered.repo}) is ${FAMILY_LABEL[registered.family]}`);
  }
}
