/**
 * saveImage / encodePng: each extension's format round-trips through loadImage, unknown
 * extensions and malformed images are refused.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { loadImage } from '../../../src/core/image/load.js';
import { encodePng, saveImage } from '../../../src/core/image/save.js';
import { seededRandom } from '../../helpers/random.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-save-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function smoothImage(width: number, height: number) {
  const random = seededRandom(7);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([(x * 255) / width, (y * 255) / height, 128 + random() * 8], (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

describe('saveImage and encodePng', () => {
  const image = smoothImage(23, 11);

  it('encodePng produces a PNG that decodes to the same pixels', async () => {
    const png = await encodePng(image);
    assert.equal((await sharp(png).metadata()).format, 'png');
    assert.deepEqual((await loadImage(png)).data, image.data);
  });

  it('writes PNG and WebP losslessly and JPEG closely, chosen by extension', async () => {
    for (const [name, format, lossless] of [
      ['a.png', 'png', true],
      ['b.WEBP', 'webp', true],
      ['c.jpg', 'jpeg', false],
      ['d.jpeg', 'jpeg', false],
    ] as const) {
      const path = join(dir, name);
      await saveImage(image, path);
      assert.equal((await sharp(path).metadata()).format, format, name);
      const back = await loadImage(path);
      if (lossless) {
        assert.deepEqual(back.data, image.data, name);
      } else {
        let worst = 0;
        for (let i = 0; i < back.data.length; i++) worst = Math.max(worst, Math.abs(back.data[i]! - image.data[i]!));
        assert.ok(worst <= 16, `${name}: worst difference ${worst}`);
      }
    }
  });

  it('refuses unknown extensions and malformed images', async () => {
    await assert.rejects(saveImage(image, join(dir, 'e.bmp')), /path: expected a file name ending in \.png, \.jpg, \.jpeg or \.webp/);
    await assert.rejects(saveImage(image, join(dir, 'noextension')), /path: expected/);
    await assert.rejects(encodePng({ width: 2, height: 2, data: new Uint8Array(11) }), /image\.data: expected length 12/);
  });
});
