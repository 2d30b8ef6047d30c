/**
 * The pickle reader against Python's own pickle module: refs-like data dumped at every protocol,
 * Python 2 byte strings (hand-made, loaded by Python with encoding="utf-8"), and refused opcodes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { readPickle } from '../../../src/eval/readers/pickle.js';

const python = process.env.OWSEG_PYTHON ?? '/usr/bin/python3';

/** Runs `code` (which sets `data`) and returns each protocol's pickle and Python's JSON view of the load. */
function dumps(code: string, asJson = true): { protocol: number; bytes: Buffer; json: unknown }[] {
  const script = `
import base64, json, pickle
as_json = ${asJson ? 'True' : 'False'}
${code}
out = []
for p in range(0, pickle.HIGHEST_PROTOCOL + 1):
    b = pickle.dumps(data, protocol=p)
    out.append({"protocol": p, "b64": base64.b64encode(b).decode(), "json": pickle.loads(b) if as_json else None})
print(json.dumps(out, default=lambda o: None))
`;
  const rows = JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 28 })) as { protocol: number; b64: string; json: unknown }[];
  return rows.map((r) => ({ protocol: r.protocol, bytes: Buffer.from(r.b64, 'base64'), json: r.json }));
}

/** Python's load seen as JSON (tuples as lists). */
function loadAsJson(bytes: Buffer): unknown {
  const script = 'import sys, json, pickle; print(json.dumps(pickle.loads(sys.stdin.buffer.read(), encoding="utf-8")))';
  return JSON.parse(execFileSync(python, ['-c', script], { input: bytes, encoding: 'utf8' }));
}

describe('readPickle', () => {
  it('reads refs-like data identically to Python at every protocol', () => {
    const rows = dumps(`
sent = {"tokens": ["the", "man"], "raw": "The man, café ☕ \\\\ 'q' \\"d\\"\\n", "sent_id": 0, "sent": "the man"}
data = [{"ref_id": i, "ann_id": 1719310 + i, "image_id": 581857, "split": ["train", "testA", "val"][i % 3],
         "sentences": [sent, dict(sent, sent_id=i)], "sent_ids": [0, i], "category_id": 1,
         "big": 2 ** 70 - i, "neg": -(2 ** 40), "small": -3, "f": 1.5e-7 * i, "none": None, "t": True, "fa": False,
         "pair": (i, "x"), "empty": (), "tri": (1, 2, 3)} for i in range(300)]
`);
    assert.equal(rows.length >= 6, true);
    for (const { protocol, bytes, json } of rows) {
      const value = readPickle(bytes) as Record<string, unknown>[];
      const big = value.map((r) => r.big);
      // JSON has no bigint: compare those separately, the rest as JSON.
      assert.deepEqual(big.slice(0, 2), [2n ** 70n, 2n ** 70n - 1n], `protocol ${protocol}`);
      const plain = value.map((r) => ({ ...r, big: undefined }));
      const expected = (json as Record<string, unknown>[]).map((r) => ({ ...r, big: undefined }));
      assert.deepEqual(plain, expected, `protocol ${protocol}`);
    }
  });

  it('keeps shared values shared and reads sets (protocol 4+, before that a class call) and non-string keys', () => {
    const rows = dumps('shared = [1, 2]\ndata = {"a": shared, "b": shared, "s": {3, 4}, "m": {1: "x", (2, 3): "y"}}', false);
    for (const { bytes } of rows.filter((row) => row.protocol >= 4)) {
      const value = readPickle(bytes) as { a: unknown; b: unknown; s: Set<number>; m: Map<unknown, unknown> };
      assert.equal(value.a, value.b);
      assert.deepEqual([...value.s].sort(), [3, 4]);
      assert.ok(value.m instanceof Map);
      assert.equal(value.m.get(1), 'x');
    }
  });

  it('decodes Python 2 byte strings (protocol 2 and 0) as UTF-8, as Python does with encoding="utf-8"', () => {
    const protocol2 = Buffer.concat([
      Buffer.from([0x80, 0x02, 0x5d, 0x71, 0x00, 0x28, 0x7d, 0x71, 0x01, 0x28]),
      Buffer.from('U\x03rawq\x02U\x05', 'latin1'),
      Buffer.from('café', 'utf8'),
      Buffer.from('q\x03U\x06ref_idq\x04K\x07U\x05floatG', 'latin1'),
      Buffer.from([0x3f, 0xf8, 0, 0, 0, 0, 0, 0]),
      Buffer.from('T\x02\x00\x00\x00hiJ\xff\xff\xff\xffue.', 'latin1'),
    ]);
    const protocol0 = Buffer.from("(lp0\n(dp1\nS'raw'\np2\nS'caf\\xc3\\xa9 it\\'s'\np3\nsS'n'\nI42\nsS'l'\nL12345678901234567890L\nsS'u'\nVx\\u00e9\\u2615\np4\nsS'b'\nI01\nsS'f'\nF0.25\nsa.", 'latin1');
    for (const bytes of [protocol2, protocol0]) {
      const mine = readPickle(bytes);
      const theirs = loadAsJson(bytes) as Record<string, unknown>[];
      if ((mine as Record<string, unknown>[])[0]!.l !== undefined) {
        assert.equal((mine as Record<string, unknown>[])[0]!.l, 12345678901234567890n);
        delete (mine as Record<string, unknown>[])[0]!.l;
        delete theirs[0]!.l;
      }
      assert.deepEqual(mine, theirs);
    }
  });

  it('refuses objects (GLOBAL/REDUCE) and truncated input, naming the byte', () => {
    const [row] = dumps('import collections\ndata = collections.OrderedDict(a=1)', false).slice(2, 3);
    assert.throws(() => readPickle(row!.bytes, 'x.p'), (e: unknown) => e instanceof InvalidInputError && /x\.p \(byte \d+\): .*opcode 0x63 .*refused/.test(e.message));
    assert.throws(() => readPickle(Buffer.from([0x80, 0x02, 0x4a, 0x01]), 'y.p'), /y\.p \(byte 3\): expected more bytes \(the pickle ends early\)/);
  });
});
