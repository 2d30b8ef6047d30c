/**
 * drawOverlay: exact fill blending, solid outlines, untouched background, labels that render
 * (special characters included) inside the image, and refusal of mismatched or malformed input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidInputError } from '../../../src/core/errors.js';
import { drawOverlay, renderOverlayPng } from '../../../src/core/draw/overlay.js';
import { PALETTE, regionColor } from '../../../src/core/draw/palette.js';
import type { RgbImage } from '../../../src/core/image/rgb-image.js';
import type { Mask } from '../../../src/core/mask.js';
import { blobMask, seededRandom } from '../../helpers/random.js';

function noiseImage(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return { width, height, data };
}

function rectMask(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Mask {
  const data = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + x1);
  return { width, height, data };
}

function px(image: RgbImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return [...image.data.subarray(i, i + 3)];
}

/** Bounding box of the pixels that differ between two images, or undefined when none do. */
function changedBox(a: RgbImage, b: RgbImage) {
  let box: { x0: number; y0: number; x1: number; y1: number; count: number } | undefined;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 3;
      if (a.data[i] === b.data[i] && a.data[i + 1] === b.data[i + 1] && a.data[i + 2] === b.data[i + 2]) continue;
      box ??= { x0: x, y0: y, x1: x, y1: y, count: 0 };
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
      box.count++;
    }
  }
  return box;
}

describe('drawOverlay: fill and outline', () => {
  const image = noiseImage(120, 90, 1);
  const mask = rectMask(120, 90, 20, 30, 70, 60);
  const color = [10, 200, 90] as const;

  it('blends the fill by alpha inside, paints the outline solid, leaves every other pixel unchanged', async () => {
    const out = await drawOverlay(image, [{ mask, color }], { alpha: 0.3, outlineWidth: 2 });
    for (let y = 0; y < 90; y++) {
      for (let x = 0; x < 120; x++) {
        const inside = x >= 20 && x < 70 && y >= 30 && y < 60;
        const edge = Math.min(x - 20, 69 - x, y - 30, 59 - y);
        const src = px(image, x, y);
        let expected = src;
        if (inside && edge < 2) expected = [...color];
        else if (inside) expected = src.map((v, c) => Math.round(v + (color[c]! - v) * 0.3));
        assert.deepEqual(px(out, x, y), expected, `pixel ${x},${y}`);
      }
    }
  });

  it('without outline, every mask pixel is blended and the rest is untouched', async () => {
    const out = await drawOverlay(image, [{ mask, color }], { alpha: 0.5, outline: false });
    for (let i = 0; i < mask.data.length; i++) {
      const src = [...image.data.subarray(3 * i, 3 * i + 3)];
      const expected = mask.data[i] ? src.map((v, c) => Math.round(v + (color[c]! - v) * 0.5)) : src;
      assert.deepEqual([...out.data.subarray(3 * i, 3 * i + 3)], expected);
    }
  });

  it('draws a later region over an earlier one and alpha 1 paints the colour itself', async () => {
    const second = rectMask(120, 90, 50, 40, 100, 80);
    const out = await drawOverlay(image, [{ mask, color: [255, 0, 0] }, { mask: second, color: [0, 0, 255] }], { alpha: 1, outline: false });
    assert.deepEqual(px(out, 60, 50), [0, 0, 255]);
    assert.deepEqual(px(out, 30, 40), [255, 0, 0]);
  });

  it('does not modify the input and is deterministic, with palette colours by region index', async () => {
    const copy = image.data.slice();
    const masks = [mask, rectMask(120, 90, 80, 5, 110, 20)];
    const a = await drawOverlay(image, masks.map((m) => ({ mask: m, label: 'x' })));
    const b = await drawOverlay(image, masks.map((m) => ({ mask: m, label: 'x' })));
    assert.deepEqual(image.data, copy);
    assert.deepEqual(a.data, b.data);
    const plain = await drawOverlay(image, masks.map((m) => ({ mask: m })), { alpha: 1, outline: false });
    assert.deepEqual(px(plain, 40, 45), [...PALETTE[0]!]);
    assert.deepEqual(px(plain, 90, 10), [...PALETTE[1]!]);
  });

  it('draws nothing for an empty mask and no regions', async () => {
    const empty = { width: 120, height: 90, data: new Uint8Array(120 * 90) };
    assert.deepEqual((await drawOverlay(image, [{ mask: empty, label: 'nothing' }])).data, image.data);
    assert.deepEqual((await drawOverlay(image, [])).data, image.data);
  });
});

describe('drawOverlay: labels', () => {
  it('renders a label inside its region, changing pixels only near it, and leaves far pixels untouched', async () => {
    const image = noiseImage(320, 240, 2);
    const mask = rectMask(320, 240, 100, 80, 220, 160);
    const base = await drawOverlay(image, [{ mask }], { labels: false });
    const labelled = await drawOverlay(image, [{ mask, label: 'cat' }]);
    const box = changedBox(base, labelled)!;
    assert.ok(box.count > 50, `only ${box.count} label pixels`);
    assert.ok(box.x0 >= 100 && box.x1 < 220 && box.y0 >= 80 && box.y1 < 160, `label box ${JSON.stringify(box)} outside the region`);
    // Label text is light: some changed pixel is near white.
    let light = 0;
    for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) if (Math.min(...px(labelled, x, y)) > 230) light++;
    assert.ok(light > 10, `${light} light pixels`);
  });

  it('keeps labels inside the image for regions at the corners, and cuts text too wide for the image', async () => {
    const image = noiseImage(160, 100, 3);
    const regions = [
      { mask: rectMask(160, 100, 0, 0, 6, 6), label: 'top-left corner' },
      { mask: rectMask(160, 100, 154, 94, 160, 100), label: 'bottom right' },
      { mask: rectMask(160, 100, 0, 94, 4, 100), label: 'a label far too long to fit into one hundred and sixty pixels' },
    ];
    const base = await drawOverlay(image, regions.map(({ mask }) => ({ mask })), { labels: false });
    for (const region of regions) {
      const single = await drawOverlay(image, regions.map((r) => ({ mask: r.mask, label: r === region ? r.label : undefined })), {});
      const box = changedBox(base, single)!;
      assert.ok(box.count > 30, region.label);
      // The whole box is drawn: it spans more than a sliver and does not run off the image on the far side.
      assert.ok(box.x1 - box.x0 >= 20 && box.x1 <= 159 && box.y1 <= 99, `${region.label}: ${JSON.stringify(box)}`);
    }
  });

  it('renders labels with XML special characters and control characters', async () => {
    const image = noiseImage(200, 120, 4);
    const mask = rectMask(200, 120, 10, 10, 190, 110);
    const base = await drawOverlay(image, [{ mask }], { labels: false });
    for (const label of ['<script>&amp; "quoted" \'s', 'a]]>b', 'tab\there\u0000nul', '&#x26;']) {
      const box = changedBox(base, await drawOverlay(image, [{ mask, label }]));
      assert.ok(box && box.count > 50, label);
    }
  });

  it('skips blank labels and honours labels: false', async () => {
    const image = noiseImage(100, 80, 5);
    const mask = rectMask(100, 80, 10, 10, 90, 70);
    const base = await drawOverlay(image, [{ mask }]);
    assert.deepEqual((await drawOverlay(image, [{ mask, label: '   ' }])).data, base.data);
    assert.deepEqual((await drawOverlay(image, [{ mask, label: 'dog' }], { labels: false })).data, base.data);
  });
});

describe('drawOverlay: validation', () => {
  const image = noiseImage(40, 30, 6);
  const good = rectMask(40, 30, 5, 5, 20, 20);

  it('rejects a mask of another size, naming regions[i].mask', async () => {
    await assert.rejects(drawOverlay(image, [{ mask: good }, { mask: rectMask(30, 40, 0, 0, 5, 5) }]), (error: Error) => {
      assert.ok(error instanceof InvalidInputError);
      assert.equal(error.field, 'regions[1].mask');
      assert.match(error.message, /regions\[1\]\.mask: expected the image's size 40×30 .*got 30×40/);
      return true;
    });
  });

  it('rejects malformed masks, labels, colours and options', async () => {
    await assert.rejects(drawOverlay(image, [{ mask: { width: 40, height: 30, data: new Uint8Array(3) } }]), /regions\[0\]\.mask\.data: expected length 1200/);
    await assert.rejects(drawOverlay(image, [{ mask: good, label: 7 as unknown as string }]), /regions\[0\]\.label: expected a string/);
    await assert.rejects(drawOverlay(image, [{ mask: good, color: [0, 300, 0] }]), /regions\[0\]\.color: expected three integers/);
    await assert.rejects(drawOverlay(image, [{ mask: good }], { alpha: 1.5 }), /options\.alpha: expected a number from 0 to 1/);
    await assert.rejects(drawOverlay(image, [{ mask: good }], { outlineWidth: 0 }), /options\.outlineWidth/);
    await assert.rejects(drawOverlay({ width: 2, height: 2, data: new Uint8Array(3) }, []), /image\.data: expected length 12/);
  });
});

describe('renderOverlayPng and the palette', () => {
  it('encodes the overlay as a PNG of the image size', async () => {
    const image = noiseImage(64, 48, 7);
    const random = seededRandom(8);
    const png = await renderOverlayPng(image, [{ mask: blobMask(48, 64, 3, random), label: 'blob' }]);
    const meta = await sharp(png).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 64);
    assert.equal(meta.height, 48);
  });

  it('gives distinct colours to the first hundred regions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add(regionColor(i).join(','));
    assert.equal(seen.size, 100);
    assert.deepEqual(regionColor(0), PALETTE[0]);
  });
});
