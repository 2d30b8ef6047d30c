/**
 * The cascade attention mask against matrices written out by hand from WOW-Seg's rules, for the
 * training layout (one shared infix) and the parallel layout (one infix per answer).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/core/errors.js';
import { maskedScore } from '../../../src/models/internvl/index.js';
import { rowMask } from '../../../src/tasks/name/answers.js';
import { cascadeAttentionMask } from '../../../src/tasks/name/cascade-mask.js';

function rows(mask: Uint8Array, length: number): string[] {
  return Array.from({ length }, (_, q) => Array.from(mask.subarray(q * length, (q + 1) * length)).join(''));
}

test('training layout: shared 2, regions of 2 and 1, a shared infix, answers of 2 and 2', () => {
  const mask = cascadeAttentionMask([
    { kind: 'shared', length: 2 },
    { kind: 'region', index: 0, length: 2 },
    { kind: 'region', index: 1, length: 1 },
    { kind: 'infix', length: 1 },
    { kind: 'answer', index: 0, length: 2 },
    { kind: 'answer', index: 1, length: 2 },
  ]);
  // Columns: s s r0 r0 r1 x a0 a0 a1 a1.
  assert.deepEqual(rows(mask, 10), [
    '1000000000', // shared
    '1100000000',
    '1110000000', // region 0
    '1111000000',
    '1100100000', // region 1: not region 0
    '1111110000', // infix: everything before it
    '1111011000', // answer 0: not region 1
    '1111011100',
    '1100110010', // answer 1: not region 0, not answer 0
    '1100110011',
  ]);
});

test('parallel layout: each answer has its own infix copy, which sees only its region', () => {
  const mask = cascadeAttentionMask([
    { kind: 'shared', length: 1 },
    { kind: 'region', index: 0, length: 1 },
    { kind: 'region', index: 1, length: 2 },
    { kind: 'infix', index: 0, length: 1 },
    { kind: 'answer', index: 0, length: 1 },
    { kind: 'infix', index: 1, length: 1 },
    { kind: 'answer', index: 1, length: 2 },
  ]);
  // Columns: s r0 r1 r1 x0 a0 x1 a1 a1.
  assert.deepEqual(rows(mask, 9), [
    '100000000',
    '110000000',
    '101000000',
    '101100000',
    '110010000',
    '110011000',
    '101100100',
    '101100110',
    '101100111',
  ]);
});

test('bad segments name the field', () => {
  assert.throws(() => cascadeAttentionMask([{ kind: 'region', length: 2 }]), (e: unknown) => e instanceof InvalidInputError && e.field === 'segments[0].index');
  assert.throws(() => cascadeAttentionMask([{ kind: 'shared', length: -1 }]), (e: unknown) => e instanceof InvalidInputError && e.field === 'segments[0].length');
  assert.throws(() => cascadeAttentionMask([{ kind: 'shared', index: 0, length: 1 }]), (e: unknown) => e instanceof InvalidInputError && e.field === 'segments[0].index');
  assert.equal(cascadeAttentionMask([]).length, 0);
});

test('decoding-step 4-D mask: rows hide padding of the padded cache and see their own tokens causally', () => {
  // Shared 2 keys; row 0's region has 2 keys, row 1's has 1 (then 1 padding key); one token decoded; 2 new tokens.
  const visible = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]);
  const mask = rowMask(visible, 2, 4, 5, 2);
  assert.deepEqual(mask.dims, [2, 1, 2, 7]);
  const seen = Array.from(mask.data as Float32Array, (v) => (v === 0 ? '1' : v === maskedScore ? '0' : '?')).join('');
  // Per (row, new token): 4 cached context keys (row 1's last is padding), 1 decoded key, 2 new keys.
  assert.deepEqual(Array.from({ length: 4 }, (_, k) => seen.slice(k * 7, (k + 1) * 7)), ['1111110', '1111111', '1110110', '1110111']);
});
