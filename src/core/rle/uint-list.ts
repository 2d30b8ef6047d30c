/**
 * A growable list of unsigned 32-bit integers, so run lengths and boundary positions can be
 * collected without a per-element allocation and handed on as one typed array.
 */
export class UintList {
  private data: Uint32Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Uint32Array(Math.max(capacity, 4));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed so far; a view that later pushes may detach, so copy it if it must outlive them. */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
