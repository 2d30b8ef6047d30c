/**
 * loadImage: formats, EXIF orientation, channel handling, pixel equality with Pillow's decoding,
 * and every refusal (missing, empty, not an image, too many pixels) with a helpful message.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { InvalidInputError } from '../../../src/core/errors.js';
import { loadImage } from '../../../src/core/image/load.js';
import { runOracle } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'owseg-load-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function noise(width: number, height: number, channels: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
  return data;
}

function raw(data: Buffer, width: number, height: number, channels: 1 | 2 | 3 | 4) {
  return sharp(data, { raw: { width, height, channels } });
}

/** Quadrants red, green, blue, white (top-left, top-right, bottom-left, bottom-right): orientation is easy to read back. */
function quadrants(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  const colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return data;
}

function pixel(image: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * image.width + x) * 3;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
}

function near(actual: number[], expected: number[], tolerance = 12): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);
}

describe('loadImage: formats and channels', () => {
  it('reads PNG and lossless WebP from a path and from a buffer, pixel for pixel', async () => {
    const data = noise(31, 17, 3, 1);
    const png = await raw(data, 31, 17, 3).png().toBuffer();
    const webp = await raw(data, 31, 17, 3).webp({ lossless: true }).toBuffer();
    const file = join(dir, 'noise.png');
    await writeFile(file, png);
    for (const input of [file, png, webp]) {
      const image = await loadImage(input);
      assert.equal(image.width, 31);
      assert.equal(image.height, 17);
      assert.deepEqual(Buffer.from(image.data), data);
    }
  });

  it('decodes JPEG, lossy WebP and EXIF-rotated JPEG to the same pixels as Pillow (exif_transpose + convert("RGB"))', async () => {
    const data = noise(45, 29, 3, 2);
    const files = [
      await raw(data, 45, 29, 3).jpeg({ quality: 80 }).toBuffer(),
      await raw(data, 45, 29, 3).jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer(),
      await raw(data, 45, 29, 3).webp({ quality: 70 }).toBuffer(),
      await raw(data, 45, 29, 3).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      await raw(data, 45, 29, 3).jpeg().withMetadata({ orientation: 7 }).toBuffer(),
    ];
    const { results } = runOracle<{ results: { width: number; height: number; data: string }[] }>('resize_oracle.py', {
      cases: files.map((f) => ({ op: 'decode', data: f.toString('base64') })),
    });
    for (const [i, file] of files.entries()) {
      const image = await loadImage(file);
      assert.equal(image.width, results[i]!.width, `file ${i}`);
      assert.equal(image.height, results[i]!.height, `file ${i}`);
      assert.deepEqual(Buffer.from(image.data), Buffer.from(results[i]!.data, 'base64'), `file ${i}`);
    }
  });

  it('applies EXIF orientation 6 (rotate 90° clockwise): returns the displayed size and layout', async () => {
    const jpeg = await raw(quadrants(64, 40), 64, 40, 3).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await loadImage(jpeg);
    assert.equal(image.width, 40);
    assert.equal(image.height, 64);
    // After a clockwise turn the stored top-left (red) is at the top-right, bottom-left (blue) at the top-left.
    assert.ok(near(pixel(image, 5, 5), [0, 0, 255]), `top-left ${pixel(image, 5, 5)}`);
    assert.ok(near(pixel(image, 34, 5), [255, 0, 0]), `top-right ${pixel(image, 34, 5)}`);
    assert.ok(near(pixel(image, 5, 58), [255, 255, 255]), `bottom-left ${pixel(image, 5, 58)}`);
    assert.ok(near(pixel(image, 34, 58), [0, 255, 0]), `bottom-right ${pixel(image, 34, 58)}`);
  });

  it('expands greyscale to three equal channels and drops alpha without compositing', async () => {
    const grey = noise(9, 7, 1, 3);
    const image = await loadImage(await raw(grey, 9, 7, 1).png().toBuffer());
    for (let i = 0; i < grey.length; i++) {
      assert.deepEqual([...image.data.subarray(3 * i, 3 * i + 3)], [grey[i], grey[i], grey[i]]);
    }
    const rgba = Buffer.from([10, 20, 30, 0, 200, 100, 50, 128]);
    const withAlpha = await loadImage(await raw(rgba, 2, 1, 4).png().toBuffer());
    assert.deepEqual([...withAlpha.data], [10, 20, 30, 200, 100, 50]);
  });

  it('reduces 16-bit PNG samples to 8 bits', async () => {
    const image = await loadImage(await raw(noise(5, 4, 3, 4), 5, 4, 3).toColourspace('rgb16').png().toBuffer());
    assert.equal(image.data.length, 5 * 4 * 3);
  });
});

/** A valid small PNG whose header claims `width` × `height`; decoding it would fail, reading the header does not. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await raw(noise(8, 8, 3, 5), 8, 8, 3).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

describe('loadImage: refusals', () => {
  it('refuses an image over maxPixels from its header, saying the size, the limit and how to raise it', async () => {
    const huge = await pngClaiming(20_000, 10_000);
    const file = join(dir, 'huge.png');
    await writeFile(file, huge);
    await assert.rejects(loadImage(file), (error: Error) => {
      assert.ok(error instanceof InvalidInputError);
      assert.match(error.message, /huge\.png: expected an image of at most 64000000 pixels/);
      assert.match(error.message, /20000×10000 = 200000000 pixels/);
      assert.match(error.message, /maxPixels: 200000000/);
      return true;
    });
    const small = await raw(noise(30, 20, 3, 6), 30, 20, 3).png().toBuffer();
    await assert.rejects(loadImage(small, { maxPixels: 599 }), /at most 599 pixels \(it is 30×20 = 600 pixels/);
    assert.equal((await loadImage(small, { maxPixels: 600 })).width, 30);
  });

  it('refuses a file that is not an image, naming it', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'just some text, not pixels\n');
    await assert.rejects(loadImage(file), (error: Error) => {
      assert.ok(error instanceof InvalidInputError);
      assert.ok(error.message.startsWith(`${file}: expected a readable image`), error.message);
      assert.match(error.message, /it is not a readable image/);
      return true;
    });
    await assert.rejects(loadImage(Buffer.from('GIF89a but truncated')), /image buffer: expected a readable image/);
  });

  it('refuses a missing file with "no such file"', async () => {
    const file = join(dir, 'nowhere.jpg');
    await assert.rejects(loadImage(file), new RegExp(`^InvalidInputError: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected an existing image file \\(no such file\\)$`));
  });

  it('refuses zero-sized input: an empty file, an empty buffer, a directory', async () => {
    const file = join(dir, 'empty.png');
    await writeFile(file, '');
    await assert.rejects(loadImage(file), /empty\.png: expected a readable image .*\(the file is empty \(0 bytes\)\)/);
    await assert.rejects(loadImage(new Uint8Array(0)), /image buffer: .*the buffer is empty/);
    await assert.rejects(loadImage(dir), /expected an image file \(it is not a regular file\)/);
  });

  it('refuses a header that claims zero pixels', async () => {
    await assert.rejects(loadImage(await pngClaiming(0, 8)), InvalidInputError);
  });

  it('rejects a bad maxPixels option', async () => {
    await assert.rejects(loadImage(Buffer.from([1]), { maxPixels: 0 }), /options\.maxPixels: expected a positive integer or Infinity/);
  });
});
