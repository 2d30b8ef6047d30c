/**
 * What `owseg dense` does once its flags are checked: every picture through dense(), the results,
 * COCO panoptic and overlay written, and with a reference, the refinement rounds with PQ per round.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import type { OwsegRegion } from '../core/formats/index.js';
import type { RgbImage } from '../core/image/index.js';
import type { PanopticCategory, PanopticSegment } from '../eval/readers/index.js';
import type { ClosedVocabulary } from '../eval/vocabularies/index.js';
import type { ResolvedModel } from '../hub/index.js';
import type { DenseResult, LabelMap } from '../tasks/dense/index.js';
import type { DenseFlags } from './commands/dense.js';
import { cosineSimilarity } from '../eval/text-embedding.js';
import { generatorOptions } from './everything-regions.js';
import { loadEmbedderForCli } from './models.js';
import { resultModel } from '../hub/model-record.js';
import { progressBar } from './progress.js';

interface Reference {
  categories: PanopticCategory[];
  ids: Uint32Array;
  segments: PanopticSegment[];
  labels: LabelMap;
  vocabulary: ClosedVocabulary;
}

export async function runDense(images: readonly string[], folder: boolean, flags: DenseFlags, models: { sam: ResolvedModel; model: ResolvedModel }): Promise<void> {
  const { loadImage } = await import('../core/image/index.js');
  const { dense, assembleDense, writeCocoPanoptic, refineDense } = await import('../tasks/dense/index.js');
  const reference = flags.refineWith === undefined ? undefined : await loadReference(flags.refineWith, flags.refineDir, images[0]!);
  const vocabulary = flags.vocabulary !== undefined ? await (await import('../eval/vocabularies/index.js')).readVocabulary(flags.vocabulary) : reference?.vocabulary;
  const embedder = vocabulary !== undefined || flags.mergeThreshold < 1 ? await loadEmbedderForCli(flags.embedder, flags) : undefined;
  const { vocabularyClassifier } = await import('../api/dense.js');
  const classify = vocabulary && embedder ? vocabularyClassifier(vocabulary, embedder) : undefined;
  const options = {
    sam: models.sam.dir,
    ...(models.sam.samVariant ? { samVariant: models.sam.samVariant } : {}),
    model: models.model.dir,
    everything: generatorOptions(flags),
    coverage: { minFraction: flags.coverageFraction, maxPrompts: flags.coveragePrompts },
    topN: flags.topN,
    naming: { maxTiles: flags.maxTiles, contextScale: flags.contextScale, maxNewTokens: flags.maxNewTokens },
    ...(classify ? { classify } : {}),
  };
  if (folder) await mkdir(flags.output, { recursive: true });
  const panoptic = [];
  const bar = await progressBar('{stage} [{bar}] {percentage}% | {value}/{total} | image {image}');
  try {
    for (const [index, path] of images.entries()) {
      const image = await loadImage(path, { maxPixels: flags.maxPixels });
      const label = `${index + 1}/${images.length}`;
      let result = await dense(image, { ...options, onStage: (stage, done, total) => bar.update(done, total, { stage, image: label }) });
      if (flags.mergeThreshold < 1 && embedder) {
        // Merging by meaning needs the names' embeddings, known only once the names are: assemble again.
        const names = [...new Set(result.regions.map((r) => r.name))];
        const vectors = new Map(names.map((name, k) => [name, k]));
        const embedded = await embedder.embed(names);
        const cosine = (a: string, b: string) => cosineSimilarity(embedded[vectors.get(a)!]!, embedded[vectors.get(b)!]!);
        result = { ...result, ...assembleDense(image, result.kept, { sameMeaning: (a, b) => a === b || cosine(a, b) >= flags.mergeThreshold }) };
      }
      if (reference) {
        bar.stop();
        result = await refine(image, result, reference, flags, options, refineDense);
      }
      const output = folder ? join(flags.output, `${basename(path).replace(/\.[^.]*$/, '')}.json`) : flags.output;
      const regions = await writeDenseResult(output, path, image, result, models);
      const pinned = (id: number | undefined) => (id !== undefined && vocabulary ? { categoryId: panopticCategoryId(vocabulary, id) } : {});
      panoptic.push({ id: index + 1, fileName: basename(path), map: { ...result.map, segments: result.regions.map((r) => ({ id: r.id, name: r.name, isthing: r.isthing, ...pinned(r.categoryId) })) } });
      if (flags.overlay !== undefined) {
        const { drawNamedOverlay } = await import('./overlay.js');
        await drawNamedOverlay(flags.overlay, image, regions);
      }
      console.log(`owseg dense: ${path}: ${result.candidates} candidates, ${result.kept.length} kept, ${result.regions.length} segments (${result.regions.filter((r) => r.isthing).length} things) → ${output}`);
    }
  } finally {
    bar.stop();
    await embedder?.release();
  }
  const written = await writeCocoPanoptic(flags.panopticJson, panoptic);
  if (flags.panoptic !== undefined) await copyFile(join(written.pngDir, basename(images[0]!).replace(/\.[^.]*$/, '.png')), flags.panoptic);
  const placeholders = written.placeholders.length === 0 ? '' : ` (${written.placeholders.length} one-pixel placeholder(s) keep it scoreable by panopticapi)`;
  console.log(`owseg dense: COCO panoptic → ${flags.panopticJson}, PNGs in ${written.pngDir}${placeholders}`);
}

/** COCO panoptic category ids start at 1: a vocabulary with an id 0 (ADE20K's wall) is written one higher throughout. */
function panopticCategoryId(vocabulary: ClosedVocabulary, id: number): number {
  return vocabulary.classes.some((c) => c.id === 0) ? id + 1 : id;
}

async function refine(
  image: RgbImage,
  start: DenseResult,
  reference: Reference,
  flags: DenseFlags,
  options: { sam: string; samVariant?: string; model: string; classify?: (names: string[]) => Promise<{ label: string; isthing: boolean; categoryId: number }[]>; naming: object },
  refineDense: typeof import('../tasks/dense/index.js').refineDense,
): Promise<DenseResult> {
  const { pqFromSegments } = await import('../eval/panoptic/index.js');
  const { lineChartPng } = await import('../core/draw/index.js');
  const { writeFileAtomic } = await import('../core/formats/index.js');
  const curve: number[] = [];
  const history = await refineDense(image, start, reference.labels, {
    sam: options.sam,
    ...(options.samVariant ? { samVariant: options.samVariant } : {}),
    model: options.model,
    classify: options.classify!,
    naming: options.naming,
    rounds: flags.rounds,
    onRound: (round, result, actions) => {
      const pq = pqFromSegments(
        [
          {
            name: `round ${round}`,
            gt: { map: { width: image.width, height: image.height, ids: reference.ids }, segments: reference.segments },
            pred: { map: { width: image.width, height: image.height, ids: Uint32Array.from(result.map.ids) }, segments: result.regions.map((r) => ({ id: r.id, categoryId: r.categoryId!, iscrowd: false })) },
          },
        ],
        reference.categories,
      );
      curve.push(pq.stats.PQ);
      const fixes = actions.map((a) => `${reference.categories.find((c) => c.id === a.category)?.name ?? a.category} ${a.situation.kind} → ${a.did}`).join('; ');
      console.log(`owseg dense: round ${round}: PQ ${pq.stats.PQ.toFixed(4)} (SQ ${pq.stats.SQ.toFixed(4)}, RQ ${pq.stats.RQ.toFixed(4)})${fixes ? ` — ${fixes}` : ''}`);
    },
  });
  const curvePath = flags.curve ?? `${flags.output.replace(/\.json$/i, '')}.pq.png`;
  await writeFileAtomic(curvePath, await lineChartPng([{ name: 'PQ', values: curve, color: '#1f77b4' }], { title: 'ROSE refinement against the reference', xLabel: 'round', yLabel: 'PQ' }));
  console.log(`owseg dense: PQ per round → ${curvePath}`);
  return history.at(-1)!;
}

/**
 * The reference for one picture: its annotation (matched by the picture's file name, or the only
 * one), its PNG, a category per pixel, and its categories as the vocabulary names are mapped onto.
 */
async function loadReference(jsonPath: string, pngDir: string | undefined, imagePath: string): Promise<Reference> {
  const { readCocoPanoptic, loadPanopticPng } = await import('../eval/readers/index.js');
  const reference = await readCocoPanoptic(jsonPath);
  if (reference.categories.length === 0) throw new InvalidInputError(`${jsonPath}: categories`, 'the categories with their isthing flags');
  const stem = basename(imagePath).replace(/\.[^.]*$/, '');
  const annotation = reference.annotations.find((a) => a.fileName.replace(/\.[^.]*$/, '') === stem) ?? (reference.annotations.length === 1 ? reference.annotations[0] : undefined);
  if (!annotation) throw new InvalidInputError(`${jsonPath}: annotations`, `one for ${basename(imagePath)} (matched by file name)`);
  const map = await loadPanopticPng(join(pngDir ?? jsonPath.replace(/\.json$/i, ''), annotation.fileName));
  const categoryOf = new Map(annotation.segments.map((s) => [s.id, s.categoryId]));
  const labels = Int32Array.from(map.ids, (id) => categoryOf.get(id) ?? 0);
  return {
    categories: reference.categories,
    ids: map.ids,
    segments: annotation.segments,
    labels: { width: map.width, height: map.height, labels },
    vocabulary: { name: jsonPath, classes: reference.categories.map((c) => ({ id: c.id, label: c.name, names: [c.name], isthing: c.isthing })) },
  };
}

/** Writes the owseg result (one region per segment) and returns its regions. */
async function writeDenseResult(output: string, path: string, image: RgbImage, result: DenseResult, models: { sam: ResolvedModel; model: ResolvedModel }): Promise<OwsegRegion[]> {
  const { writeOwsegResult, OWSEG_RESULT_FORMAT, OWSEG_RESULT_VERSION } = await import('../core/formats/index.js');
  const { denseOwsegRegions } = await import('../tasks/dense/owseg-regions.js');
  const regions = denseOwsegRegions(image, result);
  await writeOwsegResult(output, {
    format: OWSEG_RESULT_FORMAT,
    version: OWSEG_RESULT_VERSION,
    image: { path, width: image.width, height: image.height },
    model: resultModel(models.model, { sam: models.sam }),
    task: 'dense',
    regions,
    extra: { candidates: result.candidates, kept: result.kept.length, timings: result.timings },
  });
  return regions;
}
