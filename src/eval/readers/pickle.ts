/**
 * A reader for Python pickles of plain data (protocols 0–5: dicts, lists, tuples, sets, str, bytes,
 * ints, floats, bools, None) — enough for RefCOCO's `refs(unc).p`, and it never executes anything.
 */
import { InvalidInputError } from '../../core/errors.js';

/**
 * No maintained npm package reads pickles (the one candidate saw two releases on one day in 2024),
 * so the data opcodes are decoded here. Class instances (GLOBAL, REDUCE, BUILD …) are refused:
 * refs files hold none, and honouring them would mean running code named by the file.
 *
 * Values: dict → plain object when every key is a str, else a Map; list and tuple → array;
 * set/frozenset → Set; int → number, or bigint beyond 2⁵³; Python 2 `str` (bytes) → string decoded
 * as UTF-8 (how RefCOCO's Python 2 pickles store sentences); Python 3 `bytes` → Uint8Array.
 */
export function readPickle(bytes: Uint8Array, field = 'pickle'): unknown {
  return new Unpickler(bytes, field).run();
}

const MARK = Symbol('mark');
type Value = unknown;

class Unpickler {
  private pos = 0;
  private stack: Value[] = [];
  private readonly memo = new Map<number, Value>();
  private readonly view: DataView;
  private readonly utf8 = new TextDecoder('utf-8');

  constructor(
    private readonly bytes: Uint8Array,
    private readonly field: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  run(): Value {
    while (true) {
      const at = this.pos;
      const op = this.u8();
      switch (op) {
        case 0x80: this.u8(); break; // PROTO n
        case 0x95: this.pos += 8; break; // FRAME: a length hint only
        case 0x2e: return this.finish(at); // STOP
        case 0x28: this.stack.push(MARK); break; // MARK
        case 0x30: this.pop(at); break; // POP
        case 0x31: this.popMark(at); break; // POP_MARK
        case 0x32: this.stack.push(this.top(at)); break; // DUP
        case 0x4e: this.stack.push(null); break; // NONE
        case 0x88: this.stack.push(true); break; // NEWTRUE
        case 0x89: this.stack.push(false); break; // NEWFALSE
        case 0x4a: this.stack.push(this.view.getInt32(this.advance(4), true)); break; // BININT
        case 0x4b: this.stack.push(this.u8()); break; // BININT1
        case 0x4d: this.stack.push(this.view.getUint16(this.advance(2), true)); break; // BININT2
        case 0x8a: this.stack.push(this.long(this.u8())); break; // LONG1
        case 0x8b: this.stack.push(this.long(this.view.getInt32(this.advance(4), true))); break; // LONG4
        case 0x47: this.stack.push(this.view.getFloat64(this.advance(8), false)); break; // BINFLOAT
        case 0x49: this.stack.push(this.textInt(this.line())); break; // INT
        case 0x4c: this.stack.push(this.textLong(this.line(), at)); break; // LONG
        case 0x46: this.stack.push(Number.parseFloat(this.line())); break; // FLOAT
        case 0x53: this.stack.push(this.utf8.decode(unquote(this.line(), () => this.fail(at, 'a quoted STRING')))); break; // STRING
        case 0x56: this.stack.push(rawUnicodeEscape(this.lineBytes())); break; // UNICODE
        case 0x54: this.stack.push(this.utf8.decode(this.take(this.view.getInt32(this.advance(4), true)))); break; // BINSTRING
        case 0x55: this.stack.push(this.utf8.decode(this.take(this.u8()))); break; // SHORT_BINSTRING
        case 0x58: this.stack.push(this.utf8.decode(this.take(this.view.getUint32(this.advance(4), true)))); break; // BINUNICODE
        case 0x8c: this.stack.push(this.utf8.decode(this.take(this.u8()))); break; // SHORT_BINUNICODE
        case 0x8d: this.stack.push(this.utf8.decode(this.take(this.u64(at)))); break; // BINUNICODE8
        case 0x43: this.stack.push(this.take(this.u8()).slice()); break; // SHORT_BINBYTES
        case 0x42: this.stack.push(this.take(this.view.getUint32(this.advance(4), true)).slice()); break; // BINBYTES
        case 0x8e: this.stack.push(this.take(this.u64(at)).slice()); break; // BINBYTES8
        case 0x96: this.stack.push(this.take(this.u64(at)).slice()); break; // BYTEARRAY8
        case 0x5d: this.stack.push([]); break; // EMPTY_LIST
        case 0x29: this.stack.push([]); break; // EMPTY_TUPLE
        case 0x7d: this.stack.push(new Map()); break; // EMPTY_DICT (objects are made at the end)
        case 0x8f: this.stack.push(new Set()); break; // EMPTY_SET
        case 0x6c: this.stack.push(this.popMark(at)); break; // LIST
        case 0x74: this.stack.push(this.popMark(at)); break; // TUPLE
        case 0x85: this.stack.push(this.popN(1, at)); break; // TUPLE1
        case 0x86: this.stack.push(this.popN(2, at)); break; // TUPLE2
        case 0x87: this.stack.push(this.popN(3, at)); break; // TUPLE3
        case 0x91: this.stack.push(new Set(this.popMark(at))); break; // FROZENSET
        case 0x64: this.stack.push(pairsToMap(this.popMark(at))); break; // DICT
        case 0x61: { const item = this.pop(at); this.list(at).push(item); break; } // APPEND
        case 0x65: { const items = this.popMark(at); this.list(at).push(...items); break; } // APPENDS
        case 0x73: { const value = this.pop(at); const key = this.pop(at); this.dict(at).set(key, value); break; } // SETITEM
        case 0x75: { const items = this.popMark(at); const dict = this.dict(at); for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1]); break; } // SETITEMS
        case 0x90: { const items = this.popMark(at); const set = this.top(at); if (!(set instanceof Set)) this.fail(at, 'a set before ADDITEMS'); for (const item of items) (set as Set<Value>).add(item); break; } // ADDITEMS
        case 0x70: this.memo.set(Number(this.line()), this.top(at)); break; // PUT
        case 0x71: this.memo.set(this.u8(), this.top(at)); break; // BINPUT
        case 0x72: this.memo.set(this.view.getUint32(this.advance(4), true), this.top(at)); break; // LONG_BINPUT
        case 0x94: this.memo.set(this.memo.size, this.top(at)); break; // MEMOIZE
        case 0x67: this.stack.push(this.recall(Number(this.line()), at)); break; // GET
        case 0x68: this.stack.push(this.recall(this.u8(), at)); break; // BINGET
        case 0x6a: this.stack.push(this.recall(this.view.getUint32(this.advance(4), true), at)); break; // LONG_BINGET
        default:
          this.fail(at, 'a pickle of plain data (dict, list, tuple, set, str, bytes, int, float, bool, None)', `opcode 0x${op.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(op))}) is not supported: class instances and other objects are refused`);
      }
    }
  }

  private finish(at: number): Value {
    if (this.stack.length !== 1) this.fail(at, 'one value on the stack at STOP', `found ${this.stack.length}`);
    return toPlain(this.stack[0], new Map());
  }

  private fail(at: number, expected: string, detail?: string): never {
    throw new InvalidInputError(`${this.field} (byte ${at})`, expected, detail);
  }

  private u8(): number {
    return this.bytes[this.advance(1)]!;
  }

  private u64(at: number): number {
    const value = this.view.getBigUint64(this.advance(8), true);
    if (value > BigInt(this.bytes.length)) this.fail(at, 'a length within the file', `got ${value}`);
    return Number(value);
  }

  private advance(n: number): number {
    const start = this.pos;
    if (start + n > this.bytes.length) this.fail(start, 'more bytes', 'the pickle ends early');
    this.pos += n;
    return start;
  }

  private take(n: number): Uint8Array {
    if (n < 0) this.fail(this.pos, 'a non-negative length', `got ${n}`);
    const start = this.advance(n);
    return this.bytes.subarray(start, start + n);
  }

  private lineBytes(): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) this.fail(this.pos, 'a newline-terminated argument', 'the pickle ends early');
    const line = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return line;
  }

  private line(): string {
    return String.fromCharCode(...this.lineBytes());
  }

  /** Protocol 0 writes True and False as INT 01 and 00. */
  private textInt(text: string): Value {
    if (text === '01') return true;
    if (text === '00') return false;
    return this.textLong(text, this.pos);
  }

  private textLong(text: string, at: number): Value {
    const digits = text.endsWith('L') ? text.slice(0, -1) : text;
    if (!/^[-+]?\d+$/.test(digits)) this.fail(at, 'an integer', `got ${JSON.stringify(text)}`);
    return narrow(BigInt(digits));
  }

  /** Little-endian two's-complement integer of n bytes. */
  private long(n: number): Value {
    const bytes = this.take(n);
    let value = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
    if (n > 0 && bytes[n - 1]! & 0x80) value -= 1n << BigInt(8 * n);
    return narrow(value);
  }

  private pop(at: number): Value {
    if (this.stack.length === 0 || this.stack[this.stack.length - 1] === MARK) this.fail(at, 'a value on the stack', 'it is empty');
    return this.stack.pop();
  }

  private top(at: number): Value {
    const value = this.stack[this.stack.length - 1];
    if (this.stack.length === 0 || value === MARK) this.fail(at, 'a value on the stack', 'it is empty');
    return value;
  }

  private popN(n: number, at: number): Value[] {
    const items: Value[] = [];
    for (let i = 0; i < n; i++) items.unshift(this.pop(at));
    return items;
  }

  private popMark(at: number): Value[] {
    const mark = this.stack.lastIndexOf(MARK);
    if (mark < 0) this.fail(at, 'a MARK on the stack', 'there is none');
    const items = this.stack.slice(mark + 1);
    this.stack.length = mark;
    return items;
  }

  private list(at: number): Value[] {
    const value = this.top(at);
    if (!Array.isArray(value)) this.fail(at, 'a list under APPEND');
    return value as Value[];
  }

  private dict(at: number): Map<Value, Value> {
    const value = this.top(at);
    if (!(value instanceof Map)) this.fail(at, 'a dict under SETITEM');
    return value as Map<Value, Value>;
  }

  private recall(key: number, at: number): Value {
    if (!this.memo.has(key)) this.fail(at, 'a memo entry stored earlier', `no entry ${key}`);
    return this.memo.get(key);
  }
}

function narrow(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function pairsToMap(items: Value[]): Map<Value, Value> {
  const map = new Map<Value, Value>();
  for (let i = 0; i + 1 < items.length; i += 2) map.set(items[i], items[i + 1]);
  return map;
}

/**
 * Dicts are built as Maps while unpickling (keys may be any value) and turned into plain objects
 * at the end when all keys are strings; `seen` keeps shared (memoised) values shared.
 */
function toPlain(value: Value, seen: Map<Value, Value>): Value {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: Value[] = [];
    seen.set(value, out);
    for (const item of value) out.push(toPlain(item, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<Value>();
    seen.set(value, out);
    for (const item of value) out.add(toPlain(item, seen));
    return out;
  }
  const map = value as Map<Value, Value>;
  if ([...map.keys()].every((key) => typeof key === 'string')) {
    const out: Record<string, Value> = {};
    seen.set(value, out);
    // defineProperty, so a key such as "__proto__" is data, not a prototype change.
    for (const [key, item] of map) Object.defineProperty(out, key as string, { value: toPlain(item, seen), enumerable: true, writable: true, configurable: true });
    return out;
  }
  const out = new Map<Value, Value>();
  seen.set(value, out);
  for (const [key, item] of map) out.set(toPlain(key, seen), toPlain(item, seen));
  return out;
}

/** The bytes of a protocol-0 STRING argument: Python's repr of a str, quoted, with backslash escapes. */
function unquote(text: string, fail: () => never): Uint8Array {
  const quote = text[0];
  if ((quote !== "'" && quote !== '"') || text.length < 2 || text[text.length - 1] !== quote) return fail();
  const body = text.slice(1, -1);
  const out: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(body.charCodeAt(i) & 255);
      continue;
    }
    const next = body[++i] ?? '';
    if (next in simple) out.push(simple[next]!);
    else if (next === 'x') {
      out.push(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out.push(Number.parseInt(digits, 8) & 255);
      i += digits.length - 1;
    } else out.push(92, body.charCodeAt(i));
  }
  return Uint8Array.from(out);
}

/** Protocol-0 UNICODE: latin-1 bytes with \uXXXX and \UXXXXXXXX escapes (Python's raw-unicode-escape). */
function rawUnicodeEscape(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 92 && (bytes[i + 1] === 0x75 || bytes[i + 1] === 0x55)) {
      const width = bytes[i + 1] === 0x75 ? 4 : 8;
      const hex = String.fromCharCode(...bytes.subarray(i + 2, i + 2 + width));
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += 1 + width;
        continue;
      }
    }
    out += String.fromCharCode(b);
  }
  return out;
}
