/**
 * The drawing helpers underneath overlays: chamfer distance and label anchor, XML escaping, and
 * label placement that stays inside the canvas and off earlier labels.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chamferDistance, deepestPixel, maskBox, STEP } from '../../../src/core/draw/distance.js';
import { drawLabels } from '../../../src/core/draw/labels.js';
import { escapeXml } from '../../../src/core/draw/text.js';

function maskFrom(rows: string[]) {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(width * height);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height, data };
}

describe('distance and anchor', () => {
  it('finds the box, the boundary band and the deepest pixel of a shape', () => {
    const mask = maskFrom(['.........', '.#######.', '.#######.', '.#######.', '.#######.', '.#######.', '.........', '.......##']);
    const box = maskBox(mask)!;
    assert.deepEqual(box, { x0: 1, y0: 1, x1: 9, y1: 8 });
    const d = chamferDistance(mask, box);
    const at = (x: number, y: number) => d[(y - box.y0) * (box.x1 - box.x0) + (x - box.x0)];
    assert.equal(at(1, 1), STEP);
    assert.equal(at(4, 1), STEP);
    assert.equal(at(2, 2), 2 * STEP);
    assert.equal(at(4, 3), 3 * STEP);
    assert.equal(at(8, 7), STEP, 'a pixel on the image border touches the outside');
    assert.equal(at(8, 1), 0);
    assert.deepEqual(deepestPixel(d, box), { x: 4, y: 3 });
  });

  it('returns no box for an empty mask', () => {
    assert.equal(maskBox(maskFrom(['...', '...'])), undefined);
  });
});

describe('escapeXml', () => {
  it('escapes the five specials and blanks characters XML forbids', () => {
    assert.equal(escapeXml(`<a href="x">Tom & Jerry's</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
    assert.equal(escapeXml('a\u0000b\u001fc\uffffd'), 'a b c d');
    assert.equal(escapeXml('café 猫'), 'café 猫');
  });
});

describe('drawLabels placement', () => {
  it('keeps every box inside the canvas and off the others when there is room', async () => {
    const canvas = { width: 300, height: 200, data: new Uint8Array(300 * 200 * 3) };
    const anchors = [
      { x: 150, y: 100 },
      { x: 152, y: 101 },
      { x: 149, y: 99 },
      { x: 0, y: 0 },
      { x: 299, y: 199 },
    ];
    const rects = await drawLabels(canvas, anchors.map((anchor, i) => ({ text: `label ${i}`, color: [255, 0, 0], anchor })), 14);
    assert.equal(rects.length, 5);
    for (const r of rects) {
      assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.w <= 300 && r.y + r.h <= 200, JSON.stringify(r));
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const [a, b] = [rects[i]!, rects[j]!];
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        assert.ok(apart, `labels ${i} and ${j} overlap`);
      }
    }
  });
});
