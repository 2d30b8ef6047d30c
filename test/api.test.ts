/**
 * The package root's public surface: every layer's entry points are reachable from `owseg`,
 * so a refactor that drops an export fails here rather than in a user's program.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as owseg from '../src/index.js';

test('the package root exports each layer', () => {
  const functions = {
    'rle.encode': owseg.rle.encode,
    'rle.fromPolygons': owseg.rle.fromPolygons,
    'bitmap.connectedComponents': owseg.bitmap.connectedComponents,
    'polygons.maskToPolygons': owseg.polygons.maskToPolygons,
    loadImage: owseg.loadImage,
    resizeImage: owseg.resizeImage,
    drawOverlay: owseg.drawOverlay,
    readAnnotationFile: owseg.readAnnotationFile,
    regionsForImage: owseg.regionsForImage,
    writeOwsegResult: owseg.writeOwsegResult,
    'onnx.createSession': owseg.onnx.createSession,
    'internvl.convertInternVLCheckpoint': owseg.internvl.convertInternVLCheckpoint,
    'internvl.loadInternVLPack': owseg.internvl.loadInternVLPack,
    'sam.loadSam': owseg.sam.loadSam,
    'sam.segmentPrompt': owseg.sam.segmentPrompt,
    'textModels.loadSentenceTransformer': owseg.textModels.loadSentenceTransformer,
    generateEverything: owseg.generateEverything,
    samPredictor: owseg.samPredictor,
    evaluateCocoAp: owseg.evaluateCocoAp,
    evaluatePanoptic: owseg.evaluatePanoptic,
    evaluateSemantic: owseg.evaluateSemantic,
    evaluateGres: owseg.evaluateGres,
    evaluateRes: owseg.evaluateRes,
    evaluateRegionRecognition: owseg.evaluateRegionRecognition,
    mapToVocabulary: owseg.mapToVocabulary,
    readOspreyJson: owseg.readOspreyJson,
    readMaskGroups: owseg.readMaskGroups,
  };
  for (const [name, value] of Object.entries(functions)) assert.equal(typeof value, 'function', name);
  assert.equal(typeof owseg.onnx.GraphBuilder, 'function');
  assert.equal(owseg.EVERYTHING_DEFAULTS.pointsPerSide, 32);
});
