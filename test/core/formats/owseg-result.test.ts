/**
 * owseg's result file: version handling, closed objects with `extra`, and regions whose
 * size, area and box must agree with their RLE.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOwsegResult, stringifyOwsegResult } from '../../../src/core/formats/owseg-result.js';
import { owsegFixture } from './fixtures.js';

const source = 'result.json';

function rejects(mutate: (data: Record<string, unknown> & ReturnType<typeof owsegFixture>) => void, message: string): void {
  const data = owsegFixture() as Record<string, unknown> & ReturnType<typeof owsegFixture>;
  mutate(data);
  assert.throws(() => parseOwsegResult(data, { source }), { name: 'InvalidInputError', message });
}

test('regionFromMask fills in the RLE, box and area, and the result parses unchanged', () => {
  const data = owsegFixture();
  assert.deepEqual(data.regions[0]!.bbox, [0, 0, 2, 2]);
  assert.equal(data.regions[0]!.area, 3);
  assert.deepEqual(data.regions[0]!.segmentation.size, [4, 5]);
  assert.deepEqual(parseOwsegResult(structuredClone(data)), data);
});

test('the version is checked before anything else', () => {
  rejects((d) => {
    d.version = 2 as 1;
    d.regions = 'changed in version 2' as unknown as [];
  }, 'result.json: version: expected 1, the owseg.result version this owseg reads (got 2, written by a newer owseg: upgrade owseg to read it)');
  rejects((d) => {
    d.version = 0 as 1;
  }, 'result.json: version: expected an integer >= 1 (got 0)');
  rejects((d) => {
    d.format = 'owseg.results' as 'owseg.result';
  }, 'result.json: format: expected "owseg.result" (got "owseg.results")');
  assert.throws(() => parseOwsegResult([], { source }), {
    message: 'result.json: expected an owseg result object { format: "owseg.result", version, image, regions } (got an array)',
  });
});

test('unknown fields are rejected; custom data goes under extra', () => {
  rejects((d) => {
    (d.regions[1] as unknown as Record<string, unknown>).colour = 'red';
  }, 'result.json: regions[1]: expected only the fields id, segmentation, bbox, area, name, score, predictedIou, stabilityScore, logProb, and "extra" for custom data (got "colour")');
  rejects((d) => {
    d.notes = 'x';
  }, 'result.json: expected only the fields format, version, image, model, task, prompt, regions, and "extra" for custom data (got "notes")');
});

test('field values are range-checked', () => {
  rejects((d) => {
    d.regions[0]!.score = 1.5;
  }, 'result.json: regions[0].score: expected a number <= 1 (got 1.5)');
  rejects((d) => {
    d.regions[1]!.logProb = 0.1;
  }, 'result.json: regions[1].logProb: expected a number <= 0 (got 0.1)');
  rejects((d) => {
    d.regions[0]!.name = '';
  }, 'result.json: regions[0].name: expected at least 1 character (got "")');
  rejects((d) => {
    d.image.sha256 = 'ABC';
  }, 'result.json: image.sha256: expected 64 lower-case hex digits (got "ABC")');
  rejects((d) => {
    (d.regions[2]!.segmentation as { counts: unknown }).counts = [20];
  }, 'result.json: regions[2].segmentation.counts: expected a compressed RLE string (owseg results never store uncompressed runs) (got an array)');
});

test('regions are cross-checked against the image and their RLE', () => {
  rejects((d) => {
    d.regions[2]!.id = 0;
  }, 'result.json: regions[2].id: expected a unique id (0 is also regions[0].id)');
  rejects((d) => {
    d.image.width = 6;
  }, 'result.json: regions[0].segmentation.size: expected [4, 6], image.height and image.width (got [4, 5])');
  rejects((d) => {
    d.regions[1]!.area = 2;
  }, 'result.json: regions[1].area: expected 1, the pixel count of the segmentation (got 2)');
  rejects((d) => {
    d.regions[2]!.bbox = [2, 1, 2, 2];
  }, 'result.json: regions[2].bbox: expected [2, 1, 2, 3], the box of the segmentation (got [2, 1, 2, 2])');
});

test('the written text has one region per line and parses back', () => {
  const data = owsegFixture();
  const text = stringifyOwsegResult(data);
  const lines = text.split('\n');
  assert.equal(lines.filter((line) => line.startsWith('    {"id":')).length, 3);
  assert.deepEqual(JSON.parse(text), data);
  assert.deepEqual(JSON.parse(stringifyOwsegResult({ ...data, regions: [] })).regions, []);
});
